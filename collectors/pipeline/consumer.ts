// The one interface between the stages of the agent (receivers → processors → exporter), as in
// the OpenTelemetry Collector's consumer package: each stage consumes a batch and hands it on.
// A refusal is classified: retryable ones carry the status and Retry-After a receiver answers
// with; nothing is ever silently dropped on the way.
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { NormalizedSpan } from "@/lib/contracts/span";

export type RefusalReason = "memory_soft_limit" | "memory_hard_limit" | "queue_full" | "journal_full" | "journal_write_failed" | "shutting_down";

export type ConsumeResult =
  | { ok: true }
  | { ok: false; reason: RefusalReason; status: 429 | 503; retryAfterMs: number; message: string };

export const ACCEPTED: ConsumeResult = { ok: true };

export interface Consumer<B> {
  /** Would a batch be accepted now? Lets a receiver refuse before reading or decoding input. */
  admit(): ConsumeResult;
  /**
   * Takes the batch. Stages after the journal do all their work synchronously before the
   * returned promise is created, so batches are processed in journal order.
   */
  consume(batch: B): Promise<ConsumeResult>;
}

/** Decoded OTLP spans, with the request body they came from (journaled before the 200). */
export interface SpanIntake {
  kind: "spans";
  encoding: "protobuf" | "json";
  body: Uint8Array;
  spans: NormalizedSpan[];
  /** spans of the request that were invalid (answered as partial success) */
  rejected: number;
  receivedAtMs: number;
}

/** Parsed flows from one read of a tailed file. */
export interface FlowIntake {
  kind: "flows";
  flows: NormalizedFlow[];
  rejectedLines: number;
  receivedAtMs: number;
}

/** Raw lines from stdin, journaled before they are parsed. */
export interface LineIntake {
  kind: "lines";
  source: string;
  lines: string[];
  receivedAtMs: number;
}

export function refusal(reason: RefusalReason, status: 429 | 503, retryAfterMs: number, message: string): ConsumeResult {
  return { ok: false, reason, status, retryAfterMs, message };
}
