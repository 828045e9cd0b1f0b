// Cilium Hubble L3/L4 flows for the in-cluster connections of one closed minute: pod ↔ pod inside
// one VPC's cluster, as Hubble reports them with monitor aggregation: the handshake and the
// teardown, not every packet. Faults show as DROPPED POLICY_DENIED SYNs (network policy),
// repeated SYNs and RSTs (packet loss). L7 records are in hubble-l7-lines.ts.
import type { Connection } from "./connections";
import { ephemeralPort } from "./connections";
import { hubbleEndpoint, hubbleLine, hubbleUuid } from "./hubble-flow";
import type { Instance } from "./topology";

type Flags = Partial<Record<"SYN" | "ACK" | "FIN" | "RST" | "PSH", boolean>>;

interface Event {
  atMs: number;
  from: Instance;
  to: Instance;
  sport: number;
  dport: number;
  flags: Flags;
  reply: boolean;
  dropped?: boolean;
}

function line(e: Event, kinds: (i: Instance) => string): string {
  const node = e.dropped || !e.reply ? e.to.nodeName : e.from.nodeName;
  const flow: Record<string, unknown> = {
    uuid: hubbleUuid(e.atMs, `${e.from.podIp}|${e.sport}|${JSON.stringify(e.flags)}`),
    verdict: e.dropped ? "DROPPED" : "FORWARDED",
    ethernet: { source: "e6:1f:0a:00:00:01", destination: "e6:1f:0a:00:00:02" },
    IP: { source: e.from.podIp, destination: e.to.podIp, ipVersion: "IPv4" },
    l4: { TCP: { source_port: e.sport, destination_port: e.dport, flags: e.flags } },
    source: hubbleEndpoint({ instance: e.from, workloadKind: kinds(e.from) }),
    destination: hubbleEndpoint({ instance: e.to, workloadKind: kinds(e.to) }),
    Type: "L3_L4",
    is_reply: e.reply,
    event_type: { type: e.dropped ? 1 : 4 },
    traffic_direction: "INGRESS",
    trace_observation_point: "TO_ENDPOINT",
    Summary: `TCP Flags: ${Object.keys(e.flags).join(", ")}`,
  };
  if (e.dropped) {
    flow.drop_reason = 133;
    flow.drop_reason_desc = "POLICY_DENIED";
    flow.ingress_denied_by = [{ name: `deny-${e.from.service}`, namespace: e.to.vpc.namespace, kind: "CiliumNetworkPolicy" }];
  }
  return hubbleLine(flow, `${e.to.vpc.cluster}/${node}`, e.atMs);
}

/** Hubble L3/L4 lines of in-cluster connections, keyed by cluster name. */
export function hubbleLines(connections: Connection[], statefulServices: Set<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const kinds = (i: Instance) => (statefulServices.has(i.service) ? "StatefulSet" : "Deployment");
  for (const c of connections) {
    const call = c.first;
    const server = call.server;
    if (!server || call.crossVpc || server.vpc.name !== call.client.vpc.name) continue;
    const events: Event[] = [];
    const base = { from: call.client, to: server, sport: c.clientPort, dport: call.dstPort };
    const back = { from: server, to: call.client, sport: call.dstPort, dport: c.clientPort };
    if (c.rejected) {
      // each rejected attempt: the SYN and two retransmissions, dropped by policy at the server's endpoint
      c.calls.forEach((attempt, n) => {
        const sport = n === 0 ? c.clientPort : ephemeralPort(`${c.clientPort}|${n}`);
        for (const delay of [0, 1000, 3000]) events.push({ ...base, sport, atMs: attempt.startMs + delay, flags: { SYN: true }, reply: false, dropped: true });
      });
    } else {
      const resent = Math.min(c.retransmits, 3);
      for (let k = 0; k <= resent; k++) events.push({ ...base, atMs: c.startMs + k * 200, flags: { SYN: true }, reply: false });
      const answered = c.startMs + resent * 200 + 0.2;
      events.push({ ...back, atMs: answered, flags: { SYN: true, ACK: true }, reply: true });
      if (c.retransmits >= 2) events.push({ ...base, atMs: answered + 1, flags: { RST: true }, reply: false });
      events.push({ ...base, atMs: c.endMs, flags: { FIN: true, ACK: true }, reply: false });
    }
    const list = out.get(server.vpc.cluster) ?? [];
    for (const e of events) list.push(line(e, kinds));
    out.set(server.vpc.cluster, list);
  }
  return out;
}
