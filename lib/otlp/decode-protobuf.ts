// OTLP/HTTP binary protobuf: ExportTraceServiceRequest bytes → NormalizedSpan rows, read in
// one pass straight into the rows (no intermediate object tree). Field numbers from
// opentelemetry-proto (collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
// resource/v1/resource.proto, common/v1/common.proto):
//   ExportTraceServiceRequest  resource_spans = 1
//   ResourceSpans   resource = 1, scope_spans = 2, schema_url = 3
//   Resource        attributes = 1, dropped_attributes_count = 2, entity_refs = 3
//   ScopeSpans      scope = 1, spans = 2, schema_url = 3
//   InstrumentationScope  name = 1, version = 2, attributes = 3, dropped_attributes_count = 4
//   Span    trace_id = 1, span_id = 2, trace_state = 3, parent_span_id = 4, name = 5,
//           kind = 6 (enum), start_time_unix_nano = 7 (fixed64), end_time_unix_nano = 8
//           (fixed64), attributes = 9, events = 11, links = 13, status = 15, flags = 16 (fixed32)
//   Event   time_unix_nano = 1 (fixed64), name = 2, attributes = 3
//   Link    trace_id = 1, span_id = 2, trace_state = 3, attributes = 4, flags = 6
//   Status  message = 2, code = 3 (enum; 1 is reserved)
//
// Failure model: broken framing outside a Span (lengths, tags, wire types) is a DecodeError
// for the whole body. Inside a Span the framing around it is intact, so a malformed span is
// rejected and counted, and decoding goes on with the next one.
import type { SpanEvent, SpanLink } from "@/lib/contracts/span";
import type { AttributeCollector } from "./attribute-collector";
import { DecodeContext, Reject, type DecodeResult } from "./decode-context";
import { DecodeError } from "./decode-error";
import { bytesToHex, isAllZeroBytes } from "./ids";
import { DROPPED_EVENTS_KEY, DROPPED_LINKS_KEY, type DecodeOptions } from "./limits";
import { fieldMask, readAttribute, skipField } from "./protobuf-attributes";
import { ProtoReader, WireType } from "./protobuf-reader";
import { addEvent, addLink } from "./normalize";
import { finishResource, type ResourceInfo } from "./resource-columns";
import { nanosHalvesToMicros } from "./time";

const tag = (field: number, wireType: number) => (field << 3) | wireType;
const LEN = WireType.LEN;
const FIELD1 = tag(1, LEN); // resource_spans, resource, scope, Resource.attributes, trace_id…
const FIELD2 = tag(2, LEN); // scope_spans, spans, span_id, version, Event.name…
const SPAN_TRACE_STATE = tag(3, LEN);
const SPAN_PARENT_ID = tag(4, LEN);
const SPAN_NAME = tag(5, LEN);
const SPAN_KIND = tag(6, WireType.VARINT);
const SPAN_START = tag(7, WireType.FIXED64);
const SPAN_END = tag(8, WireType.FIXED64);
const SPAN_ATTRIBUTES = tag(9, LEN);
const SPAN_EVENTS = tag(11, LEN);
const SPAN_LINKS = tag(13, LEN);
const SPAN_STATUS = tag(15, LEN);
const SPAN_FLAGS = tag(16, WireType.FIXED32);
const EVENT_TIME = tag(1, WireType.FIXED64);
const EVENT_ATTRIBUTES = tag(3, LEN);
const LINK_ATTRIBUTES = tag(4, LEN);
const STATUS_CODE = tag(3, WireType.VARINT);

const REQUEST_FIELDS = fieldMask(1);
const RESOURCE_SPANS_FIELDS = fieldMask(1, 2);
const SCOPE_SPANS_FIELDS = fieldMask(1, 2);
const RESOURCE_FIELDS = fieldMask(1);
const SCOPE_FIELDS = fieldMask(1, 2);
const SPAN_FIELDS = fieldMask(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15, 16);
const EVENT_FIELDS = fieldMask(1, 2, 3);
const LINK_FIELDS = fieldMask(1, 2, 4);
const STATUS_FIELDS = fieldMask(2, 3);

export function decodeProtobufTraceRequest(body: Uint8Array, options?: DecodeOptions): DecodeResult {
  const ctx = new DecodeContext(options);
  const r = new ProtoReader(body);
  let resourceSpans = 0;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === FIELD1) {
      resourceSpans++;
      const outer = r.enter(r.readLength());
      readResourceSpans(r, ctx);
      r.leave(outer);
    } else {
      skipField(r, t, REQUEST_FIELDS);
    }
  }
  // Well-formed protobuf with nothing of a trace request in it is almost always the wrong
  // body (JSON or text sent as application/x-protobuf). An empty body is a valid empty request.
  if (resourceSpans === 0 && body.length > 0) {
    throw new DecodeError("not_a_trace_request", "no resource_spans in a non-empty body");
  }
  return ctx.result();
}

/** Two passes: the resource may follow its scope_spans, and every span needs it first. */
function readResourceSpans(r: ProtoReader, ctx: DecodeContext): void {
  const start = r.pos;
  let resourceAt = -1;
  let resourceLen = 0;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === FIELD1) {
      resourceLen = r.readLength();
      resourceAt = r.pos;
      r.pos += resourceLen;
    } else if (t === FIELD2) {
      const len = r.readLength(); // read before pos: `pos += f()` would add to the old pos
      r.pos += len;
    } else {
      skipField(r, t, RESOURCE_SPANS_FIELDS);
    }
  }
  const end = r.pos;
  const resource = readResource(r, resourceAt, resourceLen, ctx.resourceAttrs);
  r.pos = start;
  while (r.pos < end) {
    const t = r.readTag();
    if (t !== FIELD2) {
      r.skip(t); // already checked by the first pass
      continue;
    }
    const outer = r.enter(r.readLength());
    readScopeSpans(r, ctx, resource);
    r.leave(outer);
  }
}

function readResource(r: ProtoReader, at: number, len: number, c: AttributeCollector): ResourceInfo {
  c.start();
  c.resetTruncated();
  if (at >= 0) {
    const end = r.end;
    r.pos = at;
    r.end = at + len;
    while (r.pos < r.end) {
      const t = r.readTag();
      if (t === FIELD1) readAttribute(r, r.readLength(), c);
      else skipField(r, t, RESOURCE_FIELDS);
    }
    r.end = end;
  }
  return finishResource(c);
}

function readScopeSpans(r: ProtoReader, ctx: DecodeContext, resource: ResourceInfo): void {
  const start = r.pos;
  let name: string | null = null;
  let version: string | null = null;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === FIELD1) {
      const outer = r.enter(r.readLength());
      while (r.pos < r.end) {
        const s = r.readTag();
        if (s === FIELD1) name = r.readString() || null;
        else if (s === FIELD2) version = r.readString() || null;
        else skipField(r, s, SCOPE_FIELDS);
      }
      r.leave(outer);
    } else if (t === FIELD2) {
      const len = r.readLength(); // read before pos: `pos += f()` would add to the old pos
      r.pos += len;
    } else {
      skipField(r, t, SCOPE_SPANS_FIELDS);
    }
  }
  ctx.setScope(name, version);
  const end = r.pos;
  r.pos = start;
  while (r.pos < end) {
    const t = r.readTag();
    if (t !== FIELD2) {
      r.skip(t);
      continue;
    }
    const len = r.readLength();
    const spanEnd = r.pos + len;
    r.end = spanEnd;
    try {
      readSpan(r, ctx, resource);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      ctx.reject(`${Reject.malformed} (${error.code})`);
    }
    r.pos = spanEnd;
    r.end = end;
  }
}

function readSpan(r: ProtoReader, ctx: DecodeContext, resource: ResourceInfo): void {
  const f = ctx.beginSpan();
  const attrs = ctx.spanAttrs;
  const { maxEvents, maxLinks } = ctx.limits;
  let traceAt = -1;
  let traceLen = 0;
  let spanAt = -1;
  let spanLen = 0;
  let parentAt = -1;
  let parentLen = 0;
  let droppedEvents = 0;
  let droppedLinks = 0;
  while (r.pos < r.end) {
    const t = r.readTag();
    switch (t) {
      case FIELD1:
        traceLen = r.readLength();
        traceAt = r.pos;
        r.pos += traceLen;
        break;
      case FIELD2:
        spanLen = r.readLength();
        spanAt = r.pos;
        r.pos += spanLen;
        break;
      case SPAN_TRACE_STATE:
        f.traceState = attrs.text(r.readString()) || null;
        break;
      case SPAN_PARENT_ID:
        parentLen = r.readLength();
        parentAt = r.pos;
        r.pos += parentLen;
        break;
      case SPAN_NAME:
        f.name = attrs.text(r.readString());
        break;
      case SPAN_KIND:
        f.kind = r.readVarint32();
        break;
      case SPAN_START:
        r.readFixed64();
        f.startUs = nanosHalvesToMicros(r.lo, r.hi);
        break;
      case SPAN_END:
        r.readFixed64();
        f.endUs = nanosHalvesToMicros(r.lo, r.hi);
        break;
      case SPAN_ATTRIBUTES:
        readAttribute(r, r.readLength(), attrs);
        break;
      case SPAN_EVENTS: {
        const len = r.readLength();
        if (f.events.length >= maxEvents) {
          r.pos += len;
          droppedEvents++;
        } else {
          addEvent(f, readEvent(r, len, ctx.itemAttrs));
        }
        break;
      }
      case SPAN_LINKS: {
        const len = r.readLength();
        if (f.links.length >= maxLinks) {
          r.pos += len;
          droppedLinks++;
          break;
        }
        const link = readLink(r, len, ctx.itemAttrs);
        if (link !== null) addLink(f, link);
        break;
      }
      case SPAN_STATUS:
        readStatus(r, r.readLength(), ctx);
        break;
      case SPAN_FLAGS:
        f.flags = r.readFixed32();
        break;
      default:
        skipField(r, t, SPAN_FIELDS);
    }
  }
  if (traceLen !== 16 || isAllZeroBytes(r.buf, traceAt, 16)) return ctx.reject(Reject.traceId);
  if (spanLen !== 8 || isAllZeroBytes(r.buf, spanAt, 8)) return ctx.reject(Reject.spanId);
  if (parentLen !== 0 && parentLen !== 8) return ctx.reject(Reject.parentSpanId);
  f.traceId = bytesToHex(r.buf, traceAt, 16);
  f.spanId = bytesToHex(r.buf, spanAt, 8);
  // An all-zero parent is how some converters (Jaeger, Zipkin) write "no parent".
  f.parentSpanId = parentLen === 8 && !isAllZeroBytes(r.buf, parentAt, 8) ? bytesToHex(r.buf, parentAt, 8) : null;
  if (droppedEvents > 0 || droppedLinks > 0) {
    f.truncated = true;
    if (droppedEvents > 0) attrs.put(DROPPED_EVENTS_KEY, droppedEvents);
    if (droppedLinks > 0) attrs.put(DROPPED_LINKS_KEY, droppedLinks);
  }
  ctx.finishSpan(resource);
}

function readEvent(r: ProtoReader, len: number, c: AttributeCollector): SpanEvent {
  const outer = r.enter(len);
  c.start();
  let timeUs = 0;
  let name = "";
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === EVENT_TIME) {
      r.readFixed64();
      timeUs = nanosHalvesToMicros(r.lo, r.hi);
    } else if (t === FIELD2) name = c.text(r.readString());
    else if (t === EVENT_ATTRIBUTES) readAttribute(r, r.readLength(), c);
    else skipField(r, t, EVENT_FIELDS);
  }
  r.leave(outer);
  return { timeUs, name, attributes: c.finish() };
}

/** A link with ids of the wrong length is dropped: a row cannot hold it and nothing joins on it. */
function readLink(r: ProtoReader, len: number, c: AttributeCollector): SpanLink | null {
  const outer = r.enter(len);
  c.start();
  let traceId: string | null = null;
  let spanId: string | null = null;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === FIELD1 || t === FIELD2) {
      const n = r.readLength();
      if (t === FIELD1) traceId = n === 16 ? bytesToHex(r.buf, r.pos, 16) : null;
      else spanId = n === 8 ? bytesToHex(r.buf, r.pos, 8) : null;
      r.pos += n;
    } else if (t === LINK_ATTRIBUTES) readAttribute(r, r.readLength(), c);
    else skipField(r, t, LINK_FIELDS);
  }
  r.leave(outer);
  const attributes = c.finish();
  return traceId !== null && spanId !== null ? { traceId, spanId, attributes } : null;
}

function readStatus(r: ProtoReader, len: number, ctx: DecodeContext): void {
  const outer = r.enter(len);
  const f = ctx.fields;
  while (r.pos < r.end) {
    const t = r.readTag();
    if (t === FIELD2) f.statusMessage = ctx.spanAttrs.text(r.readString()) || null;
    else if (t === STATUS_CODE) f.statusCode = r.readVarint32();
    else skipField(r, t, STATUS_FIELDS);
  }
  r.leave(outer);
}
