// POST /api/v1/otlp/v1/traces – the same OTLP/HTTP trace export under the versioned API
import { handleOtlpTraces } from "@/lib/ingest/otlp-route";

export const POST = handleOtlpTraces;
