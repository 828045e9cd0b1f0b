// What the planner decides for one trace, before any SDK or file sees it: the spans (with their
// ids, times and attributes) grouped into segments that are exported together, and the network
// calls behind them, from which the flow logs are written. Plain data, so tests can inspect it.
import type { Instance } from "./topology";

/** OpenTelemetry span kinds (same numbers as @opentelemetry/api SpanKind). */
export const Kind = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;
export type KindValue = (typeof Kind)[keyof typeof Kind];

export type AttributeValue = string | number | boolean;

export interface PlannedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** the parent ran in another process (server under client, consumer under producer) */
  parentIsRemote: boolean;
  instance: Instance;
  serviceVersion: string;
  name: string;
  kind: KindValue;
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  /** 0 unset, 2 error (instrumentation leaves OK to the application) */
  statusCode: 0 | 2;
  statusMessage?: string;
  exception?: { type: string; message: string; atMs: number };
  links: { traceId: string; spanId: string }[];
}

/** Spans exported together once the last of them has ended (a process flushes its own work). */
export interface Segment {
  dueMs: number;
  spans: PlannedSpan[];
}

export type CallOutcome = "ok" | "error" | "rejected" | "auth-denied";

/** One request on the wire, client instance → server address, for the flow logs. */
export interface PlannedCall {
  traceId: string;
  startMs: number;
  endMs: number;
  client: Instance;
  /** null for an external endpoint */
  server: Instance | null;
  serverService: string;
  /** the name the client resolved to connect (service name, Lattice DNS name, external host) */
  host: string;
  dstAddr: string;
  dstPort: number;
  appProtocol: "http" | "grpc" | "postgresql" | "redis" | "kafka" | "https";
  crossVpc: boolean;
  outcome: CallOutcome;
  requestBytes: number;
  responseBytes: number;
  /** lost packets resent on this call (packet-loss fault) */
  retransmits: number;
  http?: { method: string; path: string; status: number | null };
}

export interface TracePlan {
  traceId: string;
  segments: Segment[];
  calls: PlannedCall[];
}
