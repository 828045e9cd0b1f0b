// The emitter keeps a batch the receiver refused as retryable and offers it again; a batch
// refused for good is counted as failed, not retried.
import { describe, expect, it } from "vitest";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { OtelEmitter } from "./otel-emitter";
import { paymentsTopology } from "./payments-topology";
import { planWithFaults } from "./testing-plans";

type Done = Parameters<SpanExporter["export"]>[1];
const SUCCESS = 0; // ExportResultCode of @opentelemetry/core
const FAILED = 1;

/** Answers each export with the next scripted error message (null = success). */
function scriptedExporter(answers: (string | null)[]) {
  const seen: number[] = [];
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: Done) {
      seen.push(spans.length);
      const answer = answers.shift() ?? null;
      done(answer === null ? { code: SUCCESS } : { code: FAILED, error: new Error(answer) });
    },
    shutdown: () => Promise.resolve(),
  };
  return { exporter, seen };
}

describe("OtelEmitter.flush", () => {
  const spans = planWithFaults([], 5).spans;

  it("offers a batch refused as retryable again until it is taken", async () => {
    const { exporter, seen } = scriptedExporter(["Export failed with retryable status", "Export failed with retryable status", null]);
    const emitter = new OtelEmitter(paymentsTopology, { endpoint: "unused", exporter, retryPausesMs: [1, 1, 1] });
    emitter.record(spans);
    await emitter.flush();
    expect(seen).toEqual([spans.length, spans.length, spans.length]);
    expect([emitter.exportedSpans, emitter.failedExports]).toEqual([spans.length, 0]);
  });

  it("gives up after its pauses, and never retries a refusal for good", async () => {
    const retryable = scriptedExporter(Array(10).fill("Export failed with retryable status"));
    const a = new OtelEmitter(paymentsTopology, { endpoint: "unused", exporter: retryable.exporter, retryPausesMs: [1, 1] });
    a.record(spans);
    await a.flush();
    expect(retryable.seen).toHaveLength(3);
    expect([a.exportedSpans, a.failedExports]).toEqual([0, 1]);

    const refused = scriptedExporter(["Export failed with non-retryable status 401"]);
    const b = new OtelEmitter(paymentsTopology, { endpoint: "unused", exporter: refused.exporter, retryPausesMs: [1, 1] });
    b.record(spans);
    await b.flush();
    expect(refused.seen).toHaveLength(1);
    expect(b.failedExports).toBe(1);
    expect(b.lastError).toMatch(/401/);
  });
});
