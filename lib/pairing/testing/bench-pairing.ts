// Throughput of pairing alone and of the whole span → rollup pipeline, on synthetic traces of six
// spans (server, middleware, client → server, database call, external call), children before
// parents as SDKs export them, expiry ticking every 10,000 spans.
// Not a test. Run: npx tsx lib/pairing/testing/bench-pairing.ts
import { SpanKind, type NormalizedSpan } from "@/lib/contracts/span";
import { SpanRollupPipeline } from "@/lib/rollup/span-rollup-pipeline";
import { SpanPairer } from "../span-pairer";
import { makeSpan } from "./make-span";

const TRACES = 50_000;

function trace(t: number): NormalizedSpan[] {
  const traceId = (t + 1).toString(16).padStart(32, "0");
  const start = 1_700_000_000_000_000 + t * 2000;
  const http = { httpMethod: "GET", httpStatusCode: 200 };
  const root = makeSpan({ traceId, service: "web", kind: SpanKind.SERVER, ...http, httpRoute: "/cart", startUs: start, durationUs: 9000 });
  const under = (parent: NormalizedSpan, fields: Partial<NormalizedSpan>) =>
    makeSpan({ traceId, parentSpanId: parent.spanId, service: parent.service, ...fields });
  const middleware = under(root, { kind: SpanKind.INTERNAL, startUs: start + 10 });
  const call = under(root, { kind: SpanKind.CLIENT, httpMethod: "GET", startUs: start + 100, durationUs: 5000 });
  const server = under(call, {
    service: "cart",
    kind: SpanKind.SERVER,
    ...http,
    httpStatusCode: t % 50 ? 200 : 500,
    httpRoute: "/items",
    startUs: start + 200,
    durationUs: 4500,
  });
  const db = under(server, { kind: SpanKind.CLIENT, dbSystem: "postgresql", dbNamespace: "cart", startUs: start + 300, durationUs: 2000 });
  const external = under(server, { kind: SpanKind.CLIENT, serverAddress: "api.tax.example", startUs: start + 2500, durationUs: 1000 });
  return [db, external, middleware, server, call, root];
}

const spans = Array.from({ length: TRACES }, (_, t) => trace(t)).flat();

function pairOnly(): void {
  const pairer = new SpanPairer();
  let now = 0;
  spans.forEach((span, i) => {
    if (i % 10_000 === 0) pairer.expire((now += 1000));
    pairer.add(span, now);
  });
  pairer.flush();
}

function wholePipeline(): void {
  const pipeline = new SpanRollupPipeline();
  let now = 0;
  spans.forEach((span, i) => {
    if (i % 10_000 === 0) pipeline.tick((now += 1000));
    pipeline.add(span, now);
  });
  pipeline.flush();
  pipeline.drain();
}

for (const [name, run] of [
  ["pairer only", pairOnly],
  ["pipeline (pair + rollup + addresses)", wholePipeline],
] as const) {
  run(); // warm-up
  const t0 = performance.now();
  run();
  const ms = performance.now() - t0;
  console.log(`${name}: ${spans.length} spans in ${ms.toFixed(0)} ms = ${Math.round((spans.length / ms) * 1000)} spans/s`);
}
