// A plain table of service edges with their RED metrics: the accessible, text form of the graph.
import type { Graph } from "@/lib/contracts/graph";

const fmt = (v: number | null, unit = "") => (v === null ? "–" : `${v < 10 ? v.toFixed(2) : v.toFixed(0)}${unit}`);

export function EdgeTable({ graph }: { graph: Graph }) {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return (
    <table data-testid="edge-table" style={{ borderCollapse: "collapse", width: "100%" }}>
      <caption style={{ textAlign: "left", padding: "0.5rem 0" }}>
        {graph.nodes.length} nodes, {graph.edges.length} edges
      </caption>
      <thead>
        <tr>
          {["caller", "callee", "type", "req/s", "calls", "errors", "p50", "p95", "p99"].map((h) => (
            <th key={h} scope="col" style={{ textAlign: "left", borderBottom: "1px solid #333", padding: "0.25rem 0.5rem" }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {graph.edges.map((e) => (
          <tr key={e.id} data-edge-id={e.id}>
            <td>{names.get(e.source)}</td>
            <td>{names.get(e.target)}</td>
            <td>{e.kind}</td>
            <td>{fmt(e.ratePerSec)}</td>
            <td>{e.calls}</td>
            <td style={{ color: e.errors > 0 ? "var(--bad)" : undefined }}>{e.errors}</td>
            <td>{fmt(e.latency.p50Ms, " ms")}</td>
            <td>{fmt(e.latency.p95Ms, " ms")}</td>
            <td>{fmt(e.latency.p99Ms, " ms")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
