// The ingest contract's two wire forms of raw rows, timed on the same rows in this process:
// rows (an array of objects, the first form) against columns (what the agent sends), each
// JSON + level-1 gzip as the batcher does. Spans are the benchmark's decoded requests, flows the
// benchmark's VPC lines parsed.
import zlib from "node:zlib";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { NormalizedSpan } from "@/lib/contracts/span";
import { flowColumns, spanColumns } from "@/collectors/exporter/raw-columns";
import { createParser } from "@/collectors/parsers";
import { decodeTraceRequest } from "@/lib/otlp";
import { vpcLines } from "./flow-load";

export interface EncodingFigures {
  rowsUs: number;
  columnsUs: number;
  rowsBytes: number;
  columnsBytes: number;
}

function timeEach<T>(rows: T[], encode: (rows: T[]) => unknown): { us: number; bytes: number } {
  const run = () => zlib.gzipSync(JSON.stringify(encode(rows)), { level: 1 });
  let out = run();
  for (let i = 0; i < 5; i++) out = run(); // warm-up
  const rounds = 30;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) out = run();
  return { us: ((performance.now() - t0) * 1000) / rounds / rows.length, bytes: out.length / rows.length };
}

function compare<T>(rows: T[], columns: (rows: T[]) => unknown): EncodingFigures {
  const r = timeEach(rows, (x) => ({ rows: x }));
  const c = timeEach(rows, (x) => ({ columns: columns(x) }));
  return { rowsUs: r.us, columnsUs: c.us, rowsBytes: r.bytes, columnsBytes: c.bytes };
}

export function encodingFigures(requests: Uint8Array[]): { spans: EncodingFigures; flows: EncodingFigures } {
  const spans: NormalizedSpan[] = [];
  for (const body of requests.slice(0, 5)) spans.push(...decodeTraceRequest(body, "protobuf", { nowMs: Date.now() }).spans);
  const parser = createParser("aws-vpc-flow");
  const lines = vpcLines(10_000, Math.floor(Date.now() / 1000) - 300).split("\n");
  const flows: NormalizedFlow[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const r = parser.parseLine(lines[i], i + 1);
    if ("flows" in r) flows.push(...r.flows);
  }
  return { spans: compare(spans.slice(0, 4096), spanColumns), flows: compare(flows, flowColumns) };
}
