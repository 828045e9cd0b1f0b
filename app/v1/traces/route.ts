// POST /v1/traces – OTLP/HTTP trace export (protobuf or JSON, gzip), the path every
// OpenTelemetry exporter uses by default
import { handleOtlpTraces } from "@/lib/ingest/otlp-route";

export const POST = handleOtlpTraces;
