// The ingest benchmark's load: OTLP protobuf requests of 4,096 spans from about 20 services
// calling each other (so server-side pairing has real work), realistic HTTP, RPC and DB
// attributes, about 1% errors. A few templates are encoded once; each send patches the first
// four bytes of every trace id with a send counter, so every request is distinct (no dedupe)
// and costs the sender almost nothing (the machine has 2 cores, shared with the server).
import { ExportTraceServiceRequest } from "@/lib/otlp/testing/otlp-proto-schema";

export const SPANS_PER_REQUEST = 4096;
const SPANS_PER_TRACE = 8;
const SERVICES = ["gateway", "accounts", "payments", "ledger", "fraud", "notifications", "risk", "fx", "cards", "kyc",
  "billing", "invoices", "pricing", "catalog", "search", "profiles", "sessions", "audit", "reports", "webhooks"];

let seed = 42;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(random() * 256);
  return b;
}
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

interface Template {
  body: Buffer;
  /** offset of every trace id occurrence in body */
  traceIdOffsets: number[];
}

function buildTemplate(): Template {
  const bySvc = new Map<string, unknown[]>();
  const traceIds: Buffer[] = [];
  const now = BigInt(Date.now() - 5_000) * 1_000_000n;
  const push = (svc: string, span: unknown) => {
    if (!bySvc.has(svc)) bySvc.set(svc, []);
    bySvc.get(svc)!.push(span);
  };
  for (let t = 0; t < SPANS_PER_REQUEST / SPANS_PER_TRACE; t++) {
    const traceId = bytes(16);
    traceIds.push(traceId);
    const a = SERVICES[1 + Math.floor(random() * 9)];
    const b = SERVICES[10 + Math.floor(random() * 10)];
    const failed = random() < 0.01;
    const start = now - BigInt(Math.floor(random() * 1e9));
    const span = (svc: string, parent: Buffer | null, name: string, kind: number, offMs: number, durMs: number, attributes: unknown[], error = false) => {
      const spanId = bytes(8);
      push(svc, {
        traceId, spanId, parentSpanId: parent ?? undefined, name, kind, flags: 0x301,
        startTimeUnixNano: (start + BigInt(offMs * 1e6)).toString(),
        endTimeUnixNano: (start + BigInt((offMs + durMs) * 1e6)).toString(),
        attributes, status: { code: error ? 2 : 0, message: error ? "upstream failed" : "" },
      });
      return spanId;
    };
    const root = span("gateway", null, "POST /v1/payments", 2, 0, 40, [str("http.request.method", "POST"), str("http.route", "/v1/payments"), int("http.response.status_code", failed ? 502 : 201), str("client.address", "203.0.113.9"), str("user_agent.original", "okhttp/4.12")], failed);
    const c1 = span("gateway", root, "POST", 3, 1, 36, [str("http.request.method", "POST"), str("server.address", a), int("server.port", 8080), int("http.response.status_code", failed ? 500 : 200), str("url.full", `http://${a}:8080/internal/charge`)], failed);
    const s1 = span(a, c1, "POST /internal/charge", 2, 2, 33, [str("http.request.method", "POST"), str("http.route", "/internal/charge"), int("http.response.status_code", failed ? 500 : 200)], failed);
    const c2 = span(a, s1, `${b}.Service/Check`, 3, 3, 12, [str("rpc.system", "grpc"), str("rpc.service", `${b}.Service`), str("rpc.method", "Check"), int("rpc.grpc.status_code", 0), str("server.address", b)]);
    span(b, c2, `${b}.Service/Check`, 2, 4, 10, [str("rpc.system", "grpc"), str("rpc.service", `${b}.Service`), str("rpc.method", "Check"), int("rpc.grpc.status_code", 0)]);
    span(a, s1, "SELECT payments", 3, 16, 8, [str("db.system.name", "postgresql"), str("db.namespace", "payments"), str("db.operation.name", "SELECT"), str("db.query.text", "SELECT id, amount FROM payments WHERE account_id = $1"), str("server.address", "pg-primary")]);
    span(a, s1, "GET", 3, 25, 1, [str("db.system.name", "redis"), str("db.operation.name", "GET"), str("server.address", "redis-cache")]);
    span("gateway", root, "authorize", 1, 0, 1, [str("enduser.id", "u-1234")]);
  }
  // Each service keeps its pod name and IP in every template. (Numbering them by position in a
  // template moved all 20 IPs to other services on every request: the address map then wrote new
  // rows under its per-cluster lock in every transaction, an IP-reuse storm no cluster makes.)
  const resourceSpans = [...bySvc].map(([svc, spans]) => ({
    resource: { attributes: [str("service.name", svc), str("service.version", "2.4.1"), str("k8s.namespace.name", "payments"), str("k8s.pod.name", `${svc}-7d9f-${SERVICES.indexOf(svc)}`), str("k8s.pod.ip", `10.2.${SERVICES.indexOf(svc)}.17`), str("cloud.region", "eu-west-1")] },
    scopeSpans: [{ scope: { name: "@opentelemetry/instrumentation-http", version: "0.57.0" }, spans }],
  }));
  const body = Buffer.from(ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject({ resourceSpans })).finish());
  const traceIdOffsets: number[] = [];
  for (const id of traceIds) {
    for (let at = body.indexOf(id); at >= 0; at = body.indexOf(id, at + 16)) traceIdOffsets.push(at);
  }
  return { body, traceIdOffsets };
}

export class Workload {
  private readonly templates: Template[];
  private sent = 0;

  constructor(templateCount = 4) {
    this.templates = Array.from({ length: templateCount }, buildTemplate);
  }

  /** A fresh request body: a template with every trace id made unique to this send. */
  next(): Buffer {
    const t = this.templates[this.sent % this.templates.length];
    const body = Buffer.from(t.body);
    const stamp = ++this.sent;
    for (const at of t.traceIdOffsets) body.writeUInt32BE(stamp, at);
    return body;
  }

  get requestBytes(): number {
    return this.templates[0].body.length;
  }

  template(): Buffer {
    return this.templates[0].body;
  }
}
