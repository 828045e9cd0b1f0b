// A plain table of the graph's edges with their RED metrics: the accessible, text form of the
// graph. With onSelect, each row has buttons that select the edge or either node, so everything
// the canvas offers to a mouse is reachable from the keyboard. With a baseline, a "vs baseline"
// column says new / gone / the p95 and error deltas in words; on the combined layer a "network"
// column shows what the flows beneath each edge carried.
import type { Graph } from "@/lib/contracts/graph";
import { compareLine } from "@/components/service-graph/elements";
import { networkLine } from "@/components/service-graph/graph-style";

const fmt = (v: number | null, unit = "") => (v === null ? "–" : `${v < 10 ? v.toFixed(2) : v.toFixed(0)}${unit}`);

interface Props {
  graph: Graph;
  onSelect?(id: string, group: "nodes" | "edges"): void;
}

export function EdgeTable({ graph, onSelect }: Props) {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const nodeCell = (id: string) =>
    onSelect ? (
      <button type="button" className="link-button" onClick={() => onSelect(id, "nodes")}>
        {names.get(id)}
      </button>
    ) : (
      names.get(id)
    );
  const comparing = !!graph.baseline;
  const network = graph.layer === "combined";
  const headers = ["caller", "callee", "type", "req/s", "calls", "errors", "p50", "p95", "p99", ...(network ? ["network"] : []), ...(comparing ? ["vs baseline"] : [])];
  return (
    <table data-testid="edge-table" style={{ borderCollapse: "collapse", width: "100%" }}>
      <caption style={{ textAlign: "left", padding: "0.5rem 0" }}>
        {graph.nodes.length} nodes, {graph.edges.length} edges
      </caption>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h} scope="col" style={{ textAlign: "left", borderBottom: "1px solid #333", padding: "0.25rem 0.5rem" }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {graph.edges.map((e) => (
          <tr key={e.id} data-edge-id={e.id}>
            <td>{nodeCell(e.source)}</td>
            <td>{nodeCell(e.target)}</td>
            <td>
              {onSelect ? (
                <button type="button" className="link-button" aria-label={`edge ${names.get(e.source)} to ${names.get(e.target)} (${e.kind})`} onClick={() => onSelect(e.id, "edges")}>
                  {e.kind}
                </button>
              ) : (
                e.kind
              )}
            </td>
            <td>{fmt(e.ratePerSec)}</td>
            <td>{e.calls}</td>
            <td style={{ color: e.errors > 0 ? "var(--bad)" : undefined }}>{e.errors}</td>
            <td>{fmt(e.latency.p50Ms, " ms")}</td>
            <td>{fmt(e.latency.p95Ms, " ms")}</td>
            <td>{fmt(e.latency.p99Ms, " ms")}</td>
            {network && <td>{e.network ? networkLine(e.network) : "–"}</td>}
            {comparing && (
              <td data-testid="compare-cell" className={e.compare ? `compare-cell-${e.compare.status}` : undefined}>
                {compareLine(e).text || (e.compare?.status === "both" ? "no significant change" : "")}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
