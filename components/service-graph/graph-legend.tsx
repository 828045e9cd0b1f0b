// What the marks on the graph mean. Every cue has a shape, a line style or a symbol besides its
// colour, and the legend names them in those terms.
export function GraphLegend({ comparing }: { comparing: boolean }) {
  return (
    <details className="graph-legend" open>
      <summary>Legend</summary>
      <ul aria-label="legend">
        <li>Shapes: rounded box service (operations inside it on the application layer) · hexagon workload · diamond external API · barrel database · tag queue · circle user · cut box ▸ collapsed group (click to expand; double-click a group frame to collapse)</li>
        <li>✖ error rate ≥ 5% (double border) · ▲ ≥ 1% or p95 &gt; 1 s (dashed border) · width grows with requests/s</li>
        <li>— call · – – asynchronous (messaging) · ··· flows no span explains · a bar across the edge and ⊘: rejected flows · edge numbers show once zoomed in (from 1×), on hover and for the selected node</li>
        {comparing && (
          <li data-testid="compare-legend">
            vs baseline: ★ new (halo, dot at the caller) · ✕ gone (dotted, faded, square mid-mark) · ▲ Δ worse / ▼ Δ better (p95 ±20% and 5 ms, errors ±1 point)
          </li>
        )}
      </ul>
    </details>
  );
}
