// Callers or callees of a service with their RED; each row opens the edge between the two.
import type { Neighbour } from "@/lib/contracts/service-detail";
import { formatPercent, formatRate } from "@/components/service-graph/format";
import { SortableTable } from "./sortable-table";

interface Props {
  title: "Callers" | "Callees";
  self: string;
  items: readonly Neighbour[];
  onSelectEdge(id: string): void;
}

export function NeighbourTable({ title, self, items, onSelectEdge }: Props) {
  return (
    <section>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">None in this window.</p>
      ) : (
        <SortableTable<Neighbour>
          label={title.toLowerCase()}
          rows={items}
          rowKey={(n) => n.edgeId}
          initialSort={{ key: "calls", direction: "desc" }}
          onActivate={(n) => onSelectEdge(n.edgeId)}
          rowLabel={(n) => (title === "Callers" ? `${n.service} calls ${self} (${n.kind})` : `${self} calls ${n.service} (${n.kind})`)}
          columns={[
            // A button as well as the focusable row: the name reads as the link it is.
            { key: "service", label: title === "Callers" ? "caller" : "callee", value: (n) => n.service,
              render: (n) => <button type="button" className="link-button" tabIndex={-1} onClick={(e) => { e.stopPropagation(); onSelectEdge(n.edgeId); }}>{n.service}</button> },
            { key: "kind", label: "type", value: (n) => n.kind },
            { key: "calls", label: "calls", value: (n) => n.calls, numeric: true },
            { key: "rate", label: "req/s", value: (n) => n.ratePerSec, render: (n) => formatRate(n.ratePerSec), numeric: true },
            { key: "errorRate", label: "errors", value: (n) => n.errorRate, render: (n) => formatPercent(n.errorRate), numeric: true },
          ]}
        />
      )}
    </section>
  );
}
