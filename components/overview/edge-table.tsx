// A plain table of the graph's edges with their RED metrics: the accessible, text form of the
// graph. With onSelect, each row has buttons that select the edge or either node, so everything
// the canvas offers to a mouse is reachable from the keyboard. With a baseline, a "vs baseline"
// column says new / gone / the p95 and error deltas in words; on the combined layer a "network"
// column shows what the flows beneath each edge carried.
// Large graphs: above ROW_LIMIT edges the table lists the busiest ROW_LIMIT by req/s with a
// "Show all" button (1,500 rows are 4,500 live buttons and cost over a second per refresh in
// bench:ui). Rows are memoised on the edge object: TanStack Query's structural sharing keeps an
// unchanged edge the same object across polls, so a refresh re-renders only the rows whose
// numbers changed.
import { memo, useMemo, useState } from "react";
import type { Graph } from "@/lib/contracts/graph";
import { compareLine } from "@/components/service-graph/elements";
import { networkLine } from "@/components/service-graph/graph-style";

export const ROW_LIMIT = 100;

const fmt = (v: number | null, unit = "") => (v === null ? "–" : `${v < 10 ? v.toFixed(2) : v.toFixed(0)}${unit}`);

type Edge = Graph["edges"][number];
type Select = (id: string, group: "nodes" | "edges") => void;

interface Props {
  graph: Graph;
  onSelect?: Select;
}

/** req/s as the table shows it: the order follows what is read, not the decimals it hides. */
const shownRate = (e: Edge) => Number(fmt(e.ratePerSec));

/**
 * The rows to show: all of them, or the busiest `limit` by the req/s shown (ties by id, so the
 * order is stable). Why the shown value: every poll moves the hidden decimals of every rate, and
 * sorting on them reordered neighbouring rows on each refresh (rows jumping under the pointer,
 * and React moving DOM rows: `insertBefore` was a visible part of a refresh's profile).
 */
export function visibleEdges(edges: readonly Edge[], limit: number | null): readonly Edge[] {
  if (limit === null || edges.length <= limit) return edges;
  return [...edges].sort((a, b) => shownRate(b) - shownRate(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
}

export function EdgeTable({ graph, onSelect }: Props) {
  const [showAll, setShowAll] = useState(false);
  const names = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n.name])), [graph.nodes]);
  const rows = useMemo(() => visibleEdges(graph.edges, showAll ? null : ROW_LIMIT), [graph.edges, showAll]);
  const comparing = !!graph.baseline;
  const network = graph.layer === "combined";
  const limited = graph.edges.length > ROW_LIMIT;
  const headers = ["caller", "callee", "type", "req/s", "calls", "errors", "p50", "p95", "p99", ...(network ? ["network"] : []), ...(comparing ? ["vs baseline"] : [])];
  return (
    <>
      <table data-testid="edge-table" style={{ borderCollapse: "collapse", width: "100%" }}>
        <caption style={{ textAlign: "left", padding: "0.5rem 0" }}>
          {graph.nodes.length} nodes, {graph.edges.length} edges
          {limited && !showAll && ` (the ${rows.length} busiest by req/s are listed)`}
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
          {rows.map((e) => (
            <EdgeRow key={e.id} edge={e} sourceName={names.get(e.source)} targetName={names.get(e.target)} network={network} comparing={comparing} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
      {limited && (
        <button type="button" className="link-button" data-testid="edge-table-toggle" onClick={() => setShowAll((v) => !v)}>
          {showAll ? `Show only the ${ROW_LIMIT} busiest edges` : `Show all ${graph.edges.length} edges`}
        </button>
      )}
    </>
  );
}

interface RowProps {
  edge: Edge;
  sourceName: string | undefined;
  targetName: string | undefined;
  network: boolean;
  comparing: boolean;
  onSelect?: Select;
}

const EdgeRow = memo(function EdgeRow({ edge: e, sourceName, targetName, network, comparing, onSelect }: RowProps) {
  const nodeCell = (id: string, name: string | undefined) =>
    onSelect ? (
      <button type="button" className="link-button" onClick={() => onSelect(id, "nodes")}>
        {name}
      </button>
    ) : (
      name
    );
  return (
    <tr data-edge-id={e.id}>
      <td>{nodeCell(e.source, sourceName)}</td>
      <td>{nodeCell(e.target, targetName)}</td>
      <td>
        {onSelect ? (
          <button type="button" className="link-button" aria-label={`edge ${sourceName} to ${targetName} (${e.kind})`} onClick={() => onSelect(e.id, "edges")}>
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
  );
});
