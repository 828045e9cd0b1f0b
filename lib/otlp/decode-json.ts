// OTLP/HTTP JSON: ExportTraceServiceRequest JSON → NormalizedSpan rows. Two dialects are
// in use and both are accepted, detected field by field:
//   - OTLP/JSON as specified: hex ids, enums as integers, int64 as decimal strings;
//   - protobuf's canonical JSON ("jsonpb", e.g. Tempo's and Go tooling's output): base64
//     ids, enum names ("SPAN_KIND_CLIENT", "STATUS_CODE_ERROR").
// Keys: lowerCamelCase as the spec says, and also the proto's snake_case. The spec calls the
// latter invalid, but the OpenTelemetry Collector's own JSON unmarshaler accepts both, and
// rejecting a request the reference receiver takes helps nobody.
//
// Failure model, as for protobuf: a body that is not JSON, or whose envelope (resourceSpans,
// resource, scopeSpans) has the wrong shape, is a DecodeError; a malformed span is rejected
// and counted, the others are kept.
import type { SpanEvent, SpanLink } from "@/lib/contracts/span";
import type { AttributeCollector } from "./attribute-collector";
import { DecodeContext, Reject, type DecodeResult } from "./decode-context";
import { DecodeError } from "./decode-error";
import { isAllZeroHex, jsonIdToHex } from "./ids";
import { arrayField, field, isObject, readAttributes, shapeError, type JsonObject } from "./json-attributes";
import { DROPPED_EVENTS_KEY, DROPPED_LINKS_KEY, type DecodeOptions } from "./limits";
import { finishResource, type ResourceInfo } from "./resource-columns";
import { addEvent, addLink } from "./normalize";
import { nanosJsonToMicros } from "./time";

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

/** An enum as an integer (OTLP/JSON), a numeric string, or a name (jsonpb); unknown is 0. */
function enumValue(v: unknown, names: Record<string, number>): number {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return 0;
  return Object.hasOwn(names, v) ? names[v] : /^\d+$/.test(v) ? Number(v) : 0;
}

const utf8 = new TextDecoder("utf-8");

export function decodeJsonTraceRequest(body: string | Uint8Array, options?: DecodeOptions): DecodeResult {
  const text = typeof body === "string" ? body : utf8.decode(body);
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new DecodeError("invalid_json", `body is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(request)) throw new DecodeError("wrong_shape", "body is not a JSON object");
  const ctx = new DecodeContext(options);
  // Shape errors outside a span (thrown by arrayField and readResource) concern the whole request.
  const resourceSpans = arrayField(request, "resourceSpans", "resource_spans", "resourceSpans");
  for (const rs of resourceSpans) {
    if (!isObject(rs)) throw new DecodeError("wrong_shape", "a resourceSpans entry is not an object");
    readResourceSpans(rs, ctx);
  }
  return ctx.result();
}

function readResourceSpans(rs: JsonObject, ctx: DecodeContext): void {
  const resource = readResource(rs.resource, ctx.resourceAttrs);
  const scopeSpans = arrayField(rs, "scopeSpans", "scope_spans", "scopeSpans");
  for (const ss of scopeSpans) {
    if (!isObject(ss)) throw new DecodeError("wrong_shape", "a scopeSpans entry is not an object");
    const scope = ss.scope;
    const name = isObject(scope) && typeof scope.name === "string" ? scope.name : null;
    const version = isObject(scope) && typeof scope.version === "string" ? scope.version : null;
    ctx.setScope(name, version);
    for (const span of arrayField(ss, "spans", "spans", "spans")) {
      try {
        readSpan(span, ctx, resource);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        ctx.reject(`${Reject.malformed}: ${error.message}`);
      }
    }
  }
}

function readResource(resource: unknown, c: AttributeCollector): ResourceInfo {
  c.start();
  c.resetTruncated();
  if (resource !== undefined && resource !== null) {
    if (!isObject(resource)) throw shapeError("resource is not an object");
    readAttributes(arrayField(resource, "attributes", "attributes", "resource attributes"), c);
  }
  return finishResource(c);
}

function readSpan(span: unknown, ctx: DecodeContext, resource: ResourceInfo): void {
  if (!isObject(span)) throw shapeError("span is not an object");
  const f = ctx.beginSpan();
  const attrs = ctx.spanAttrs;
  const traceId = jsonIdToHex(field(span, "traceId", "trace_id"), 16);
  if (traceId === null || isAllZeroHex(traceId)) return ctx.reject(Reject.traceId);
  const spanId = jsonIdToHex(field(span, "spanId", "span_id"), 8);
  if (spanId === null || isAllZeroHex(spanId)) return ctx.reject(Reject.spanId);
  const parent = field(span, "parentSpanId", "parent_span_id");
  let parentSpanId: string | null = null;
  if (parent !== undefined && parent !== null && parent !== "") {
    parentSpanId = jsonIdToHex(parent, 8);
    if (parentSpanId === null) return ctx.reject(Reject.parentSpanId);
    if (isAllZeroHex(parentSpanId)) parentSpanId = null; // how some converters write "root"
  }
  f.traceId = traceId;
  f.spanId = spanId;
  f.parentSpanId = parentSpanId;
  const traceState = field(span, "traceState", "trace_state");
  f.traceState = typeof traceState === "string" && traceState.length > 0 ? attrs.text(traceState) : null;
  const flags = span.flags;
  f.flags = typeof flags === "number" || (typeof flags === "string" && /^\d+$/.test(flags)) ? Number(flags) >>> 0 : 0;
  f.name = typeof span.name === "string" ? attrs.text(span.name) : "";
  f.kind = enumValue(span.kind, SPAN_KIND_NAMES);
  f.startUs = nanosJsonToMicros(field(span, "startTimeUnixNano", "start_time_unix_nano") ?? "0");
  f.endUs = nanosJsonToMicros(field(span, "endTimeUnixNano", "end_time_unix_nano") ?? "0");
  readAttributes(arrayField(span, "attributes", "attributes", "attributes"), attrs);
  readEvents(arrayField(span, "events", "events", "events"), ctx);
  readLinks(arrayField(span, "links", "links", "links"), ctx);
  const status = span.status;
  if (isObject(status)) {
    f.statusCode = enumValue(status.code, STATUS_CODE_NAMES);
    f.statusMessage = typeof status.message === "string" && status.message.length > 0 ? attrs.text(status.message) : null;
  }
  ctx.finishSpan(resource);
}

function readEvents(list: unknown[], ctx: DecodeContext): void {
  const f = ctx.fields;
  const c = ctx.itemAttrs;
  const max = ctx.limits.maxEvents;
  for (let i = 0; i < list.length && i < max; i++) {
    const e = list[i];
    if (!isObject(e)) throw shapeError("event is not an object");
    c.start();
    const name = typeof e.name === "string" ? c.text(e.name) : "";
    const timeUs = nanosJsonToMicros(field(e, "timeUnixNano", "time_unix_nano") ?? "0");
    readAttributes(arrayField(e, "attributes", "attributes", "event attributes"), c);
    const event: SpanEvent = { timeUs: Number.isNaN(timeUs) ? 0 : timeUs, name, attributes: c.finish() };
    addEvent(f, event);
  }
  if (list.length > max) {
    f.truncated = true;
    ctx.spanAttrs.put(DROPPED_EVENTS_KEY, list.length - max);
  }
}

/** A link with ids of the wrong length is dropped, as in the protobuf decoder. */
function readLinks(list: unknown[], ctx: DecodeContext): void {
  const f = ctx.fields;
  const c = ctx.itemAttrs;
  const max = ctx.limits.maxLinks;
  for (let i = 0; i < list.length && i < max; i++) {
    const l = list[i];
    if (!isObject(l)) throw shapeError("link is not an object");
    c.start();
    readAttributes(arrayField(l, "attributes", "attributes", "link attributes"), c);
    const attributes = c.finish();
    const traceId = jsonIdToHex(field(l, "traceId", "trace_id"), 16);
    const spanId = jsonIdToHex(field(l, "spanId", "span_id"), 8);
    if (traceId === null || spanId === null) continue;
    const link: SpanLink = { traceId, spanId, attributes };
    addLink(f, link);
  }
  if (list.length > max) {
    f.truncated = true;
    ctx.spanAttrs.put(DROPPED_LINKS_KEY, list.length - max);
  }
}
