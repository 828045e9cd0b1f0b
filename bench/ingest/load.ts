// Sends the workload to /v1/traces from a few concurrent senders for a fixed time and records
// every request's latency and outcome.
import type { Workload } from "./workload";
import { SPANS_PER_REQUEST } from "./workload";

export interface LoadResult {
  seconds: number;
  acceptedSpans: number;
  requests: number;
  refused: number;
  failed: number;
  latenciesMs: number[];
}

export async function runLoad(url: string, token: string, workload: Workload, seconds: number, concurrency: number): Promise<LoadResult> {
  const result: LoadResult = { seconds, acceptedSpans: 0, requests: 0, refused: 0, failed: 0, latenciesMs: [] };
  const start = performance.now();
  const endAt = start + seconds * 1000;
  async function sender() {
    while (performance.now() < endAt) {
      const body = workload.next();
      const t0 = performance.now();
      const res = await fetch(`${url}/v1/traces`, {
        method: "POST",
        body: new Uint8Array(body),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-protobuf" },
      }).catch(() => null);
      const ms = performance.now() - t0;
      await res?.arrayBuffer();
      result.requests++;
      if (res?.status === 200) {
        result.acceptedSpans += SPANS_PER_REQUEST;
        result.latenciesMs.push(ms);
      } else if (res?.status === 429) {
        result.refused++;
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? 1)));
      } else {
        result.failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, sender));
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

export function percentile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
