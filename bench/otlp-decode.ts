// Micro-benchmark: OTLP protobuf trace decoding, ours (lib/otlp, straight into NormalizedSpan
// rows) against protobufjs reflection decode + toObject (the generic baseline STACK-NOTES.md
// measured at about 43k spans/s) on the same request bytes.
//   npx tsx bench/otlp-decode.ts        (about 30 s, one core at a time)
// The request: 4,096 spans, 20 services (one ResourceSpans each), 8 attributes a span, built
// from a fixed seed so every run and every contender decodes the same bytes.
//
// Each contender runs in a fresh child process that reads the request bytes from a temporary
// file. In one shared process the order mattered, through V8's allocation-site pretenuring:
// once any large object graph has been built (the request object, a protobufjs decode), V8
// starts allocating the decoder's rows directly in the old generation, and decoding costs
// 2-3× more (measured: about 320k → 105k spans per CPU-second; 377k with
// --no-allocation-site-pretenuring). A long-running server is likely in that state, so the
// benchmark also reports ours measured after building the request object in-process.
// Rates are per CPU-second of the child (all its threads, so GC helpers count), not wall
// time: the machine is shared, and other processes' load would otherwise read as our slowness.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { decodeJsonTraceRequest } from "@/lib/otlp/decode-json";
import { decodeProtobufTraceRequest } from "@/lib/otlp/decode-protobuf";
import { ExportTraceServiceRequest } from "@/lib/otlp/testing/otlp-proto-schema";

const SPANS = 4096;
const START_MS = Date.UTC(2025, 5, 1, 12);
const nowMs = START_MS + 3_600_000; // "now" for the decoders' future-timestamp check
const SERVICES = 20;
const ROUNDS = 5; // median of 5 timed rounds
const ROUND_CPU_MS = 500;

let seed = 20250601;
/** A small deterministic generator (LCG): the same ids on every run. */
function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    b[i] = seed >>> 24;
  }
  return b;
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

function buildRequestObject(): Record<string, unknown> {
  const startNs = BigInt(START_MS) * 1_000_000n;
  const methods = ["GET", "POST", "PUT", "DELETE"];
  const resourceSpans = [];
  for (let s = 0; s < SERVICES; s++) {
    const spans = [];
    const count = Math.floor(SPANS / SERVICES) + (s < SPANS % SERVICES ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const start = startNs + BigInt(i) * 1_000_000n;
      const client = i % 2 === 0;
      spans.push({
        traceId: randomBytes(16),
        spanId: randomBytes(8),
        parentSpanId: randomBytes(8),
        name: `${methods[i % 4]} /api/v1/items/{id}`,
        kind: client ? 3 : 2,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: (start + BigInt(1000 + i * 37) * 1000n).toString(),
        flags: 0x101,
        attributes: [
          str("http.request.method", methods[i % 4]),
          int("http.response.status_code", i % 50 === 0 ? 503 : 200),
          str("http.route", "/api/v1/items/{id}"),
          str("url.path", `/api/v1/items/${i}`),
          str(client ? "server.address" : "client.address", client ? `service-${(s + 1) % SERVICES}` : "10.0.3.17"),
          int("server.port", 8080),
          str("network.protocol.version", "1.1"),
          str("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) strata-bench/1.0"),
        ],
        status: { code: i % 50 === 0 ? 2 : 0 },
      });
    }
    resourceSpans.push({
      resource: {
        attributes: [
          str("service.name", `service-${s}`),
          str("service.version", "1.4.2"),
          str("deployment.environment.name", "production"),
          str("k8s.namespace.name", "shop"),
          str("k8s.pod.name", `service-${s}-7d9f8b6c5-x2x4q`),
          str("telemetry.sdk.language", "nodejs"),
        ],
      },
      scopeSpans: [{ scope: { name: "@opentelemetry/instrumentation-http", version: "0.57.0" }, spans }],
    });
  }
  return { resourceSpans };
}

/** Median spans per CPU-second of `fn` over ROUNDS rounds, after a warm-up. */
function measure(fn: () => number): number {
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(since);
    return (c.user + c.system) / 1000;
  };
  const warm = process.cpuUsage();
  while (cpuMs(warm) < 300) fn();
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let spans = 0;
    const cpu0 = process.cpuUsage();
    while (cpuMs(cpu0) < ROUND_CPU_MS) spans += fn();
    rates.push(spans / (cpuMs(cpu0) / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
}

const countSpans = (plain: { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] }) =>
  plain.resourceSpans.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0);

/** Each contender gets the request bytes and returns a function decoding them once. */
interface Contender {
  label: string;
  /** run first thing in the child process */
  setup?: () => void;
  prepare: (body: Uint8Array) => () => number;
}

const CONTENDERS: Record<string, Contender> = {
  ours: {
    label: "lib/otlp protobuf decoder → NormalizedSpan rows",
    prepare: (body) => () => decodeProtobufTraceRequest(body, { nowMs }).spans.length,
  },
  oursAfterBurst: {
    label: "the same, in a process that first built the request object (rows pretenured)",
    // A large short-lived object graph before the decoder's first run, as a busy server makes.
    setup: () => void buildRequestObject(),
    prepare: (body) => () => decodeProtobufTraceRequest(body, { nowMs }).spans.length,
  },
  baseline: {
    // Times as decimal strings and ids as strings: what a row needs (numbers would lose
    // nanosecond precision, Buffers are not ids).
    label: "protobufjs decode + toObject (baseline)",
    prepare: (body) => () =>
      countSpans(
        ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), {
          longs: String,
          bytes: String,
          enums: Number,
          arrays: true,
        }) as never,
      ),
  },
  decodeOnly: {
    label: "protobufjs decode alone, no toObject",
    prepare: (body) => () => {
      ExportTraceServiceRequest.decode(body);
      return SPANS;
    },
  },
  json: {
    label: "lib/otlp JSON decoder, same request as OTLP/JSON, JSON.parse included",
    prepare: (body) => {
      const plain = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), { longs: String, bytes: String, enums: Number });
      // OTLP/JSON ids are hex, not protobuf-JSON base64 (the decoder would take both).
      const hex = JSON.stringify(plain, (key, value) =>
        ["traceId", "spanId", "parentSpanId"].includes(key) ? Buffer.from(value, "base64").toString("hex") : value,
      );
      return () => decodeJsonTraceRequest(hex, { nowMs }).spans.length;
    },
  },
};

function runContender(name: string, bodyFile: string): void {
  CONTENDERS[name].setup?.();
  const body = new Uint8Array(readFileSync(bodyFile));
  const check = decodeProtobufTraceRequest(body, { nowMs });
  if (check.spans.length !== SPANS || check.rejected !== 0) {
    throw new Error(`decoder sanity check failed: ${check.spans.length} spans, ${check.rejected} rejected`);
  }
  console.log(JSON.stringify({ rate: measure(CONTENDERS[name].prepare(body)) }));
}

function runAll(): void {
  const self = fileURLToPath(import.meta.url);
  const body = ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(buildRequestObject())).finish();
  const bodyFile = path.join(tmpdir(), `strata-otlp-bench-${process.pid}.bin`);
  writeFileSync(bodyFile, body);
  const rates: Record<string, number> = {};
  try {
    for (const name of Object.keys(CONTENDERS)) {
      const out = execFileSync(process.execPath, [...process.execArgv, self, name, bodyFile], { encoding: "utf8" });
      rates[name] = JSON.parse(out.trim().split("\n").pop()!).rate;
    }
  } finally {
    rmSync(bodyFile, { force: true });
  }
  const k = (rate: number) => `${Math.round(rate / 1000)}k spans/s`.padStart(14);
  console.log(`request: ${SPANS} spans, ${SERVICES} services, 8 attributes a span, ${body.length} bytes (${Math.round(body.length / SPANS)} bytes a span)`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; rates per CPU-second, median of ${ROUNDS} rounds, one process per contender`);
  for (const [name, { label }] of Object.entries(CONTENDERS)) console.log(`${k(rates[name])}  ${label}`);
  console.log(`ratio ours / baseline: ${(rates.ours / rates.baseline).toFixed(1)}× (after a burst: ${(rates.oursAfterBurst / rates.baseline).toFixed(1)}×)`);
}

const [contender, bodyFile] = process.argv.slice(2);
if (contender === undefined) runAll();
else if (contender in CONTENDERS && bodyFile !== undefined) runContender(contender, bodyFile);
else throw new Error(`usage: otlp-decode.ts [${Object.keys(CONTENDERS).join("|")} <body file>]`);
