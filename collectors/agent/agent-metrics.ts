// Every metric the agent exports on /metrics, in one place, with the names operators alert on.
import { Registry } from "../ops/metrics";

const P = "strata_collector_";

export function createAgentMetrics() {
  const registry = new Registry();
  return {
    registry,
    receivedRequests: registry.counter(`${P}received_requests_total`, "OTLP export requests accepted, by transport (http, grpc)."),
    retriedRequests: registry.counter(`${P}retried_requests_total`, "OTLP requests journaled before a crash and sent again after it: answered, not counted twice."),
    receivedSpans: registry.counter(`${P}received_spans_total`, "Spans accepted by the OTLP receiver (acknowledged with 200)."),
    rejected: registry.counter(`${P}rejected_total`, "Invalid input rejected and counted, by signal and reason (partial success spans, unparsable flow lines)."),
    refused: registry.counter(`${P}refused_requests_total`, "Requests refused with a retryable answer (backpressure), by reason and transport."),
    failedRequests: registry.counter(`${P}failed_requests_total`, "OTLP requests answered with a client error, by status (HTTP 400, 404, 405, 413, 415; gRPC INVALID_ARGUMENT) and transport."),
    flowLines: registry.counter(`${P}flow_lines_read_total`, "Flow-log lines read, by source."),
    receivedFlows: registry.counter(`${P}received_flows_total`, "Flows parsed from flow logs, by source."),
    truncations: registry.counter(`${P}file_truncations_total`, "Tailed files found truncated (copytruncate rotation)."),
    queued: registry.counter(`${P}queued_batches_total`, "Batches written to the disk queue, by kind (agg, raw)."),
    dropped: registry.counter(`${P}dropped_total`, "Data given up on, by signal (spans, flows, aggregate_rows) and reason."),
    sampledOut: registry.counter(`${P}sampled_out_total`, "Raw spans and flows not shipped by pressure sampling (still counted in the aggregates), by signal."),
    exported: registry.counter(`${P}exported_batches_total`, "Batches the server acknowledged, by kind."),
    exportedSpans: registry.counter(`${P}exported_spans_total`, "Raw spans the server acknowledged."),
    exportedFlows: registry.counter(`${P}exported_flows_total`, "Raw flows the server acknowledged."),
    duplicates: registry.counter(`${P}duplicate_batches_total`, "Batches the server already had (resent after a crash or a lost answer)."),
    retries: registry.counter(`${P}export_retries_total`, "Send attempts that will be retried, by reason."),
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
