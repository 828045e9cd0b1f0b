// Above the size budget the canvas draws nothing and asks for a way in (STYLE.md 14, after
// jaeger-ui's DAG): a force layout of several hundred nodes is a hairball nobody can read, and it
// costs seconds of main thread. The buttons apply the narrowing in one click.
export const NODE_BUDGET = 300;

interface Props {
  nodes: number;
  busiest: { id: string; name: string } | null;
  onGroup(by: "namespace" | "cluster"): void;
  onFocus(id: string): void;
  onErrorsOnly(): void;
  errorsOnly: boolean;
}

export function SizeBudget({ nodes, busiest, onGroup, onFocus, onErrorsOnly, errorsOnly }: Props) {
  return (
    <div role="alert" className="graph-overlay size-budget" data-testid="size-budget">
      <p>
        <strong>{nodes} nodes</strong> is more than the {NODE_BUDGET} this view draws legibly. Narrow it down:
      </p>
      <div className="size-budget-actions">
        <button type="button" onClick={() => onGroup("namespace")}>Group by namespace (collapsed)</button>
        <button type="button" onClick={() => onGroup("cluster")}>Group by cluster (collapsed)</button>
        {busiest && <button type="button" onClick={() => onFocus(busiest.id)}>Focus on {busiest.name} (busiest)</button>}
        {!errorsOnly && <button type="button" onClick={onErrorsOnly}>Only errors</button>}
      </div>
      <p className="muted">Or pick a cluster or namespace, search and select a node to focus on it. The edge table below still lists everything.</p>
    </div>
  );
}
