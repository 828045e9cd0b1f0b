// Cilium Hubble L7 flows (`Type: "L7"`, event type 129), as Cilium's proxy reports them when an
// egress policy turns on L7 visibility for the application pods (FORMATS.md §3):
// - HTTP: every in-cluster HTTP/1.1 and gRPC (HTTP/2) request as a REQUEST record and its answer
//   as a RESPONSE (`is_reply: true`, status code, latency measured at the client's proxy, so
//   packet loss on the path shows there). The request's `traceparent` header lets Hubble fill
//   `trace_context`, which joins the flow to the trace.
// - DNS: the lookup before each new connection (Node.js does not cache DNS), through the DNS
//   proxy towards CoreDNS over UDP. Names with fewer than five dots walk the pod's search path
//   first (ndots:5), so an external host costs four NXDOMAIN answers before the real one.
// Rejected connections never reach the proxy's upstream: a REQUEST without a RESPONSE.
import type { Connection } from "./connections";
import { ephemeralPort } from "./connections";
import { hubbleEndpoint, hubbleLine, hubbleUuid, type HubblePod } from "./hubble-flow";
import type { PlannedCall } from "./plan";
import { hashString } from "./random";
import type { Instance, Vpc } from "./topology";

const DNS_PORT = 53;
const NXDOMAIN = 3;

function coreDns(vpc: Vpc, region: string, salt: number): HubblePod {
  const replica = salt % 2;
  const instance: Instance = {
    service: "coredns",
    index: replica,
    podName: `coredns-6b9575c64c-${["k2x7p", "q9wzt"][replica]}`,
    podIp: `${vpc.cidrPrefix}.9.${11 + replica}`,
    nodeName: `ip-${vpc.cidrPrefix.replace(".", "-")}-0-${10 + replica}.${region}.compute.internal`,
    nodeIp: `${vpc.cidrPrefix}.0.${10 + replica}`,
    instanceId: "-",
    eniId: "-",
    subnetId: "-",
    vpc,
    zone: region,
    azId: "-",
  };
  return { instance, workloadKind: "Deployment", namespace: "kube-system" };
}

/** The Service's ClusterIP (EKS's default service range 172.20.0.0/16). */
function clusterIp(service: string): string {
  const h = hashString(service);
  return `172.20.${(h >>> 8) % 250}.${(h % 250) + 2}`;
}

/** The names a lookup of `host` tries, in order, and the address the last one answers. */
function lookups(call: PlannedCall, region: string): { query: string; ips: string[] | null }[] {
  const ns = call.client.vpc.namespace;
  const host = call.host;
  const answer = call.crossVpc ? ["169.254.171.1"] : call.server === null ? [call.dstAddr] : host.includes(".") ? [call.dstAddr] : [clusterIp(call.serverService)];
  if (host.split(".").length - 1 >= 5) return [{ query: `${host}.`, ips: answer }];
  const inCluster = call.server !== null && !call.crossVpc;
  if (inCluster) return [{ query: `${host}.${ns}.svc.cluster.local.`, ips: answer }];
  const search = [`${ns}.svc.cluster.local`, "svc.cluster.local", "cluster.local", `${region}.compute.internal`];
  return [...search.map((s) => ({ query: `${host}.${s}.`, ips: null })), { query: `${host}.`, ips: answer }];
}

function dnsLines(c: Connection, region: string, kinds: (i: Instance) => string): string[] {
  const call = c.first;
  const client: HubblePod = { instance: call.client, workloadKind: kinds(call.client) };
  const dns = coreDns(call.client.vpc, region, hashString(call.client.podName));
  const node = `${call.client.vpc.cluster}/${call.client.nodeName}`;
  const out: string[] = [];
  let at = c.startMs - 2;
  for (const [n, q] of lookups(call, region).entries()) {
    const sport = ephemeralPort(`${c.clientPort}|dns|${n}`);
    const latencyNs = q.ips && !q.query.endsWith(".cluster.local.") ? 1_800_000 + (hashString(q.query) % 2_000_000) : 180_000 + (hashString(q.query) % 300_000);
    const dnsRecord = { query: q.query, observation_source: "proxy", qtypes: ["A"] };
    const base = { verdict: "FORWARDED", Type: "L7", event_type: { type: 129 }, traffic_direction: "EGRESS" };
    out.push(
      hubbleLine(
        {
          ...base,
          uuid: hubbleUuid(at, `${call.client.podIp}|${sport}|q`),
          IP: { source: call.client.podIp, destination: dns.instance.podIp, ipVersion: "IPv4" },
          l4: { UDP: { source_port: sport, destination_port: DNS_PORT } },
          source: hubbleEndpoint(client),
          destination: hubbleEndpoint(dns),
          l7: { type: "REQUEST", dns: dnsRecord },
          is_reply: false,
          Summary: `DNS Query ${q.query} A`,
        },
        node,
        at,
      ),
    );
    const answeredAt = at + latencyNs / 1e6;
    // proto3 JSON leaves out zero values: a successful answer has no rcode
    const answer = q.ips ? { ...dnsRecord, ips: q.ips, ttl: q.query.endsWith(".cluster.local.") ? 30 : 60, rrtypes: ["A"] } : { ...dnsRecord, ttl: 4294967295, rcode: NXDOMAIN };
    out.push(
      hubbleLine(
        {
          ...base,
          uuid: hubbleUuid(answeredAt, `${call.client.podIp}|${sport}|a`),
          IP: { source: dns.instance.podIp, destination: call.client.podIp, ipVersion: "IPv4" },
          l4: { UDP: { source_port: DNS_PORT, destination_port: sport } },
          source: hubbleEndpoint(dns),
          destination: hubbleEndpoint(client),
          l7: { type: "RESPONSE", latency_ns: String(latencyNs), dns: answer },
          is_reply: true,
          Summary: q.ips ? `DNS Answer "${q.ips.join(",")}" TTL: ${answer.ttl} (Proxy ${q.query} A)` : `DNS Answer RCode: Non-Existent Domain TTL: 4294967295 (Proxy ${q.query} A)`,
        },
        node,
        answeredAt,
      ),
    );
    at = answeredAt + 0.05;
  }
  return out;
}

function httpLines(call: PlannedCall, c: Connection, kinds: (i: Instance) => string): string[] {
  const server = call.server!;
  const grpc = call.appProtocol === "grpc";
  const method = call.http?.method ?? "POST";
  const url = `http://${call.host}:${call.dstPort}${call.http?.path ?? "/"}`;
  const protocol = grpc ? "HTTP/2" : "HTTP/1.1";
  const parentSpan = hashString(`${call.traceId}|${call.startMs}`).toString(16).padStart(16, "0");
  const headers = [
    { key: grpc ? "Content-Type" : "Accept", value: grpc ? "application/grpc" : "application/json" },
    { key: "Traceparent", value: `00-${call.traceId}-${parentSpan}-01` },
    { key: "User-Agent", value: grpc ? "grpc-node-js/1.12.6" : "node" },
  ];
  const client: HubblePod = { instance: call.client, workloadKind: kinds(call.client) };
  const target: HubblePod = { instance: server, workloadKind: kinds(server) };
  const node = `${call.client.vpc.cluster}/${call.client.nodeName}`;
  const common = { verdict: "FORWARDED", Type: "L7", event_type: { type: 129 }, traffic_direction: "EGRESS", trace_context: { parent: { trace_id: call.traceId } } };
  const requestAt = call.startMs + 0.05;
  const lines = [
    hubbleLine(
      {
        ...common,
        uuid: hubbleUuid(requestAt, `${call.traceId}|${call.startMs}|q`),
        IP: { source: call.client.podIp, destination: server.podIp, ipVersion: "IPv4" },
        l4: { TCP: { source_port: c.clientPort, destination_port: call.dstPort } },
        source: hubbleEndpoint(client),
        destination: hubbleEndpoint(target),
        l7: { type: "REQUEST", http: { method, url, protocol, headers } },
        is_reply: false,
        Summary: `${protocol} ${method} ${url}`,
      },
      node,
      requestAt,
    ),
  ];
  if (call.outcome === "rejected" || call.http?.status == null) return lines;
  const code = call.http.status;
  const respondedAt = Math.max(requestAt, call.endMs - 0.05);
  const latencyNs = Math.round((respondedAt - requestAt) * 1e6);
  lines.push(
    hubbleLine(
      {
        ...common,
        uuid: hubbleUuid(respondedAt, `${call.traceId}|${call.startMs}|a`),
        IP: { source: server.podIp, destination: call.client.podIp, ipVersion: "IPv4" },
        l4: { TCP: { source_port: call.dstPort, destination_port: c.clientPort } },
        source: hubbleEndpoint(target),
        destination: hubbleEndpoint(client),
        l7: { type: "RESPONSE", latency_ns: String(latencyNs), http: { code, method, url, protocol, headers } },
        is_reply: true,
        Summary: `${protocol} ${code} ${Math.round(latencyNs / 1e6)}ms (${method} ${url})`,
      },
      node,
      respondedAt,
    ),
  );
  return lines;
}

/** Hubble L7 lines (HTTP/gRPC requests between services, DNS lookups) of one minute, by cluster. */
export function hubbleL7Lines(connections: Connection[], statefulServices: Set<string>, region: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const kinds = (i: Instance) => (statefulServices.has(i.service) ? "StatefulSet" : "Deployment");
  for (const c of connections) {
    const client = c.first.client;
    const list = out.get(client.vpc.cluster) ?? [];
    list.push(...dnsLines(c, region, kinds));
    for (const call of c.calls) {
      const inCluster = call.server !== null && !call.crossVpc;
      if (inCluster && (call.appProtocol === "http" || call.appProtocol === "grpc")) list.push(...httpLines(call, c, kinds));
    }
    out.set(client.vpc.cluster, list);
  }
  return out;
}
