// What the raw flows beneath a network edge or node say: verdicts with reasons, top talkers by
// bytes and by rejects, and the services the address map puts on the addresses.
import type { FlowBreakdown, Talker } from "@/lib/contracts/network-detail";
import { formatBytes } from "@/components/service-graph/format";
import { SortableTable, type Column } from "./sortable-table";

const talkerColumns: Column<Talker>[] = [
  { key: "pair", label: "source → destination", value: (t) => `${t.srcAddr} ${t.dstAddr}`,
    render: (t) => <><code>{t.srcAddr}</code> → <code>{t.dstAddr}</code>{(t.srcWorkload !== t.srcAddr || t.dstWorkload !== t.dstAddr) && <div className="muted small">{t.srcWorkload} → {t.dstWorkload}</div>}</> },
  { key: "bytes", label: "bytes", value: (t) => t.bytes, render: (t) => formatBytes(t.bytes), numeric: true },
  { key: "flows", label: "flows", value: (t) => t.flows, numeric: true },
  { key: "rejects", label: "rejects", value: (t) => t.rejects, numeric: true },
];

export function FlowBreakdownView({ b }: { b: FlowBreakdown }) {
  const key = (t: Talker) => `${t.srcAddr}>${t.dstAddr}>${t.srcWorkload}>${t.dstWorkload}`;
  return (
    <>
      <section>
        <h3>Verdicts</h3>
        {b.verdicts.length === 0 ? (
          <p className="muted">No stored flows in this window.</p>
        ) : (
          <ul className="plain-list" aria-label="verdicts and reasons">
            {b.verdicts.map((v) => (
              <li key={`${v.verdict}-${v.reason}`}>
                <span className={`verdict verdict-${v.verdict}`}>{v.verdict}</span> {v.reason ?? <span className="muted">no reason given</span>}:{" "}
                {v.flows} flows, {formatBytes(v.bytes)}
              </li>
            ))}
          </ul>
        )}
        <p className="muted small">
          From {b.scanned} stored flows{b.truncated ? " (the newest; the window holds more)" : ""}; the agent may sample raw flows, the totals above are exact.
        </p>
      </section>
      <section>
        <h3>Top talkers by bytes</h3>
        {b.topByBytes.length === 0 ? <p className="muted">None.</p> : (
          <SortableTable label="top talkers by bytes" rows={b.topByBytes} columns={talkerColumns} rowKey={key} initialSort={{ key: "bytes", direction: "desc" }} />
        )}
      </section>
      <section>
        <h3>Top talkers by rejects</h3>
        {b.topByRejects.length === 0 ? <p className="muted">No rejected flows.</p> : (
          <SortableTable label="top talkers by rejects" rows={b.topByRejects} columns={talkerColumns} rowKey={key} initialSort={{ key: "rejects", direction: "desc" }} />
        )}
      </section>
      <section>
        <h3>Addresses and services</h3>
        {b.addresses.length === 0 ? <p className="muted">None.</p> : (
          <table className="data-table compact" aria-label="addresses and services">
            <thead><tr><th scope="col">address</th><th scope="col">workload</th><th scope="col">service</th><th scope="col" className="num">flows</th></tr></thead>
            <tbody>
              {b.addresses.map((a) => (
                <tr key={`${a.addr}-${a.workload}`}>
                  <td><code>{a.addr}</code></td>
                  <td>{a.workload === a.addr ? <span className="muted">unmapped</span> : a.workload}</td>
                  <td>{a.service ?? "–"}</td>
                  <td className="num">{a.flows}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
