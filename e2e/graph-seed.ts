// Seeding for the graph tests: a cluster of its own through the admin API, traces as OTLP/JSON
// on /v1/traces (as an SDK sends them) and network rollups as a collector batch. Every service
// runs as a pod: its resource names a namespace, a pod IP and a deployment "<service>-deploy",
// so the address map ties services to the workloads of the network rollups (combined layer)
// and gives namespaces for grouping.
import { expect, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { E2E_ADMIN_TOKEN } from "../playwright.config";

const str = (v: string) => ({ stringValue: v });
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");
let spanCounter = 0x1000;

export async function createClusterToken(request: APIRequestContext, name: string): Promise<string> {
  const created = await request.post("/api/v1/clusters", { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` }, data: { name } });
  expect(created.status()).toBe(201);
  return (await created.json()).token;
}

/** One trace: caller's server span → caller's client span → callee's server span. */
export function callTrace(traceNo: number, caller: string, callee: string, startMs: number, opts: { error?: boolean } = {}) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  const traceId = hex(traceNo, 32);
  const [root, client, server] = [spanCounter++, spanCounter++, spanCounter++].map((n) => hex(n, 16));
  const resource = (service: string) => ({ attributes: [{ key: "service.name", value: str(service) }, { key: "service.version", value: str("1.4.2") }, ...podAttributes(service)] });
  const http = [{ key: "http.request.method", value: str("GET") }];
  return {
    traceId,
    body: {
      resourceSpans: [
        { resource: resource(caller), scopeSpans: [{ spans: [
          { traceId, spanId: root, name: "GET /", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(60), attributes: http },
          { traceId, spanId: client, parentSpanId: root, name: "GET", kind: 3, startTimeUnixNano: ns(5), endTimeUnixNano: ns(55), attributes: http },
        ] }] },
        { resource: resource(callee), scopeSpans: [{ spans: [
          { traceId, spanId: server, parentSpanId: client, name: "GET /items", kind: 2, startTimeUnixNano: ns(10), endTimeUnixNano: ns(50),
            attributes: [...http, { key: "http.response.status_code", value: { intValue: opts.error ? "503" : "200" } }],
            ...(opts.error ? { status: { code: 2, message: "unavailable" } } : {}) },
        ] }] },
      ],
    },
  };
}

/** Namespace: "ops" for probes, else "shop"; a stable pod IP per service name. */
export function podAttributes(service: string, namespace = service.includes("probe") ? "ops" : "shop") {
  let h = 0;
  for (const c of service) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return [
    { key: "k8s.namespace.name", value: str(namespace) },
    { key: "k8s.pod.name", value: str(`${service}-0`) },
    { key: "k8s.pod.ip", value: str(`10.9.${(h >> 8) & 255}.${h & 255}`) },
    { key: "k8s.deployment.name", value: str(`${service}-deploy`) },
  ];
}

/** One request holding a root span of each of `count` services, spread over `namespaces` namespaces. */
export function manyServicesTrace(count: number, namespaces: number, startMs: number) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  return {
    resourceSpans: Array.from({ length: count }, (_, i) => ({
      resource: { attributes: [{ key: "service.name", value: str(`svc-${i}`) }, { key: "service.namespace", value: str(`team-${i % namespaces}`) }] },
      scopeSpans: [{ spans: [{ traceId: hex(0xb0d9e7_0000 + i, 32), spanId: hex(spanCounter++, 16), name: "GET /", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(10) }] }],
    })),
  };
}

export async function postTrace(request: APIRequestContext, token: string, body: unknown): Promise<void> {
  const sent = await request.post("/v1/traces", { headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, data: body });
  expect(sent.status()).toBe(200);
}

export async function postNetworkMinute(request: APIRequestContext, token: string, src: string, dst: string): Promise<void> {
  const minuteMs = Math.floor(Date.now() / 60_000) * 60_000;
  const sent = await request.post("/api/v1/ingest/batches", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    data: {
      batchId: randomUUID(),
      agent: { name: "e2e", version: "0" },
      sentAtMs: Date.now(),
      networkEdgeMinutes: [{ minuteMs, srcWorkload: src, dstWorkload: dst, dstPort: 8080, protocol: 6, flows: 12, bytes: 48_000, packets: 80, rejects: 1, drops: 0, retransmits: 2, l7Errors: 0 }],
    },
  });
  expect(sent.status()).toBe(200);
}
