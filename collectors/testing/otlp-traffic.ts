// Test-only: deterministic OTLP/JSON trace requests. Each trace is a small service graph:
//   user → frontend (SERVER, root) → checkout (frontend CLIENT → checkout SERVER) → postgresql
//   (checkout CLIENT with db.system), every 10th trace failing at checkout.
// A trace's client and server halves can go in different requests, to exercise pairing across
// requests (and across an agent restart).
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

export function traceIdOf(n: number): string {
  return (0x1000_0000_0000 + n).toString(16).padStart(32, "a");
}

/** The database's pod address, seen only by its clients (network.peer.address): a peer observation. */
export const ORDERS_DB_IP = "10.1.0.30";

function spanId(trace: number, k: number): string {
  return (trace * 8 + k + 1).toString(16).padStart(16, "0");
}

type Part = "all" | "clients" | "servers";

interface Span {
  service: string;
  span: Record<string, unknown>;
}

function traceSpans(n: number, startMs: number, part: Part): Span[] {
  const t = traceIdOf(n);
  const ns = (ms: number) => `${BigInt(Math.round(ms * 1000)) * 1000n}`;
  const failed = n % 10 === 0;
  const s0 = startMs;
  const all: (Span & { side: "client" | "server" })[] = [
    {
      service: "frontend",
      side: "server",
      span: { traceId: t, spanId: spanId(n, 0), name: "GET /cart", kind: 2, startTimeUnixNano: ns(s0), endTimeUnixNano: ns(s0 + 20),
        attributes: [str("http.request.method", "GET"), str("http.route", "/cart"), int("http.response.status_code", failed ? 500 : 200)] },
    },
    {
      service: "frontend",
      side: "client",
      span: { traceId: t, spanId: spanId(n, 1), parentSpanId: spanId(n, 0), name: "POST", kind: 3, startTimeUnixNano: ns(s0 + 1), endTimeUnixNano: ns(s0 + 18),
        attributes: [str("http.request.method", "POST"), str("server.address", "checkout"), int("http.response.status_code", failed ? 503 : 200)] },
    },
    {
      service: "checkout",
      side: "server",
      span: { traceId: t, spanId: spanId(n, 2), parentSpanId: spanId(n, 1), name: "POST /checkout", kind: 2, startTimeUnixNano: ns(s0 + 2), endTimeUnixNano: ns(s0 + 17),
        attributes: [str("http.request.method", "POST"), str("http.route", "/checkout"), int("http.response.status_code", failed ? 503 : 200)] },
    },
    {
      service: "checkout",
      side: "client",
      span: { traceId: t, spanId: spanId(n, 3), parentSpanId: spanId(n, 2), name: "SELECT orders", kind: 3, startTimeUnixNano: ns(s0 + 3), endTimeUnixNano: ns(s0 + 8),
        attributes: [str("db.system.name", "postgresql"), str("db.operation.name", "SELECT"), str("server.address", "orders-db"), str("network.peer.address", ORDERS_DB_IP)] },
    },
  ];
  return all.filter((s) => part === "all" || (part === "clients" ? s.side === "client" : s.side === "server"));
}

const RESOURCES: Record<string, { ip: string; workload: string }> = {
  frontend: { ip: "10.1.0.10", workload: "frontend" },
  checkout: { ip: "10.1.0.20", workload: "checkout" },
};

/** One OTLP/JSON ExportTraceServiceRequest holding traces [from, to). */
export function traceRequest(from: number, to: number, startMs: number, part: Part = "all"): Record<string, unknown> {
  const byService = new Map<string, Record<string, unknown>[]>();
  for (let n = from; n < to; n++) {
    for (const s of traceSpans(n, startMs + (n - from), part)) {
      if (!byService.has(s.service)) byService.set(s.service, []);
      byService.get(s.service)!.push(s.span);
    }
  }
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: {
        attributes: [
          str("service.name", service),
          str("k8s.namespace.name", "shop"),
          str("k8s.deployment.name", RESOURCES[service].workload),
          str("k8s.pod.ip", RESOURCES[service].ip),
        ],
      },
      scopeSpans: [{ scope: { name: "test" }, spans }],
    })),
  };
}

/** Spans a request of traces [from, to) holds. */
export function spanCount(from: number, to: number, part: Part = "all"): number {
  return (to - from) * (part === "all" ? 4 : 2);
}

export async function postTraces(otlpUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${otlpUrl}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
  });
}
