// Raw flows as a table: when, who to whom (address:port and what the address map says they
// were), protocol, bytes, packets, verdict with its reason and TCP flags. The verdict is a word
// as well as a colour.
import type { FlowRecord } from "@/lib/contracts/flows";
import { tcpFlagNames } from "@/lib/contracts/flows";
import { formatBytes } from "@/components/service-graph/format";
import { endpointLabel, endpointOwner, protocolName } from "./network-format";

function Endpoint({ e }: { e: FlowRecord["src"] }) {
  const owner = endpointOwner(e);
  return (
    <>
      <code>{endpointLabel(e.addr, e.port)}</code>
      {owner && <div className="muted small">{owner}</div>}
    </>
  );
}

export function FlowTable({ flows, label }: { flows: readonly FlowRecord[]; label: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table compact" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">time</th><th scope="col">source → destination</th>
            <th scope="col" className="num">bytes</th><th scope="col">verdict</th>
          </tr>
        </thead>
        <tbody>
          {flows.map((f, i) => (
            <tr key={`${f.startMs}-${f.src.addr}-${f.src.port}-${f.dst.addr}-${f.dst.port}-${i}`} data-verdict={f.verdict}>
              <td>{new Date(f.startMs).toLocaleTimeString([], { hour12: false })}</td>
              <td>
                <Endpoint e={f.src} />
                <div>→ <Endpoint e={f.dst} /> <span className="muted small">{protocolName(f.protocol)}{f.l7?.status != null ? ` · ${f.l7.protocol ?? "L7"} ${f.l7.status}` : ""}</span></div>
              </td>
              <td className="num">{formatBytes(f.bytes)}<div className="muted small">{f.packets} pkts</div></td>
              <td>
                <span className={`verdict verdict-${f.verdict}`}>{f.verdict}</span>
                {f.reason && <div className="small">{f.reason}</div>}
                {f.tcpFlags !== null && <div className="muted small">{tcpFlagNames(f.tcpFlags).join(" ")}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
