// Load for the collector benchmark: realistic OTLP/protobuf trace requests (client/server span
// pairs across 20 services, 8 attributes a span, as bench/otlp-decode.ts) and a closed-loop
// sender that keeps N requests in flight for a while and counts what was acknowledged.
import http from "node:http";
import { jsonRequestToProtobuf } from "@/lib/otlp/testing/otlp-proto-schema";

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const SERVICES = 20;

let traceCounter = 0;

/** One request of `spans` spans (pairs: a CLIENT span and the SERVER span it called). */
export function buildRequest(spans: number, startMs: number): Uint8Array {
  const byService = new Map<number, Record<string, unknown>[]>();
  for (let i = 0; i < spans / 2; i++) {
    const n = ++traceCounter;
    const trace = n.toString(16).padStart(32, "b");
    const from = n % SERVICES;
    const to = (n * 7 + 3) % SERVICES === from ? (from + 1) % SERVICES : (n * 7 + 3) % SERVICES;
    const t = BigInt(startMs + (i % 1000)) * 1_000_000n;
    const failed = n % 50 === 0;
    const client = {
      traceId: trace, spanId: (n * 2).toString(16).padStart(16, "0"), parentSpanId: (n * 2 + 7).toString(16).padStart(16, "0"),
      name: "GET", kind: 3, startTimeUnixNano: t.toString(), endTimeUnixNano: (t + 2_000_000n).toString(),
      attributes: [str("http.request.method", "GET"), int("http.response.status_code", failed ? 503 : 200), str("server.address", `service-${to}`), int("server.port", 8080),
        str("url.full", `http://service-${to}:8080/api/v1/items/${n}`), str("network.protocol.version", "1.1"), str("user_agent.original", "strata-bench/1.0"), int("http.request.body.size", 120)],
      status: { code: failed ? 2 : 0 },
    };
    const server = {
      traceId: trace, spanId: (n * 2 + 1).toString(16).padStart(16, "0"), parentSpanId: client.spanId,
      name: "GET /api/v1/items/{id}", kind: 2, startTimeUnixNano: (t + 100_000n).toString(), endTimeUnixNano: (t + 1_900_000n).toString(),
      attributes: [str("http.request.method", "GET"), int("http.response.status_code", failed ? 503 : 200), str("http.route", "/api/v1/items/{id}"), str("url.path", `/api/v1/items/${n}`),
        str("client.address", "10.0.3.17"), int("server.port", 8080), str("network.protocol.version", "1.1"), str("user_agent.original", "strata-bench/1.0")],
      status: { code: failed ? 2 : 0 },
    };
    if (!byService.has(from)) byService.set(from, []);
    if (!byService.has(to)) byService.set(to, []);
    byService.get(from)!.push(client);
    byService.get(to)!.push(server);
  }
  return jsonRequestToProtobuf({
    resourceSpans: [...byService].map(([s, list]) => ({
      resource: { attributes: [str("service.name", `service-${s}`), str("service.version", "1.4.2"), str("k8s.namespace.name", "shop"), str("k8s.pod.ip", `10.2.0.${s + 1}`)] },
      scopeSpans: [{ scope: { name: "@opentelemetry/instrumentation-http", version: "0.57.0" }, spans: list }],
    })),
  });
}

export interface LoadResult {
  acceptedSpans: number;
  refused: number;
  failed: number;
  elapsedMs: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: "POST", agent, headers: { "content-type": "application/x-protobuf", "content-length": body.length } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Keeps `concurrency` requests in flight for `durationMs`, cycling through `payloads`. */
export async function runLoad(url: string, payloads: { body: Uint8Array; spans: number }[], concurrency: number, durationMs: number): Promise<LoadResult> {
  const result: LoadResult = { acceptedSpans: 0, refused: 0, failed: 0, elapsedMs: 0 };
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (performance.now() - start < durationMs) {
      const p = payloads[next++ % payloads.length];
      const status = await post(url, p.body);
      if (status === 200) result.acceptedSpans += p.spans;
      else if (status === 429 || status === 503) {
        result.refused++;
        await new Promise((r) => setTimeout(r, 20)); // a client honouring backpressure, briefly
      } else result.failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.elapsedMs = performance.now() - start;
  return result;
}
