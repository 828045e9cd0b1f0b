// State of one decode call, shared by the protobuf and the JSON decoder: limits, the reusable
// collectors and span fields, the rows produced so far and the rejections counted.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { AttributeCollector } from "./attribute-collector";
import { resolveLimits, truncateText, type DecodeOptions, type Limits } from "./limits";
import { buildSpan, emptySpanFields, resetSpanFields, type ScopeInfo, type SpanFields } from "./normalize";
import { RESOURCE_SOURCE_KEYS, type ResourceInfo } from "./resource-columns";
import { SPAN_SOURCE_KEYS } from "./semconv-columns";
import { checkSpanTimes } from "./time";

export interface DecodeResult {
  spans: NormalizedSpan[];
  /** spans present in the request but not returned */
  rejected: number;
  /** distinct reasons with their counts, first seen first, at most MAX_REASONS */
  rejectionReasons: string[];
}

/** Reasons a span is rejected; the decoders and tests share the wording. */
export const Reject = {
  traceId: "invalid trace id (must be 16 bytes, not all zero)",
  spanId: "invalid span id (must be 8 bytes, not all zero)",
  parentSpanId: "invalid parent span id (must be empty or 8 bytes)",
  malformed: "malformed span",
} as const;

const MAX_REASONS = 5;

export class DecodeContext {
  readonly limits: Limits;
  readonly spans: NormalizedSpan[] = [];
  readonly spanAttrs: AttributeCollector;
  readonly resourceAttrs: AttributeCollector;
  /** event and link attributes */
  readonly itemAttrs: AttributeCollector;
  readonly fields: SpanFields = emptySpanFields();
  scope: ScopeInfo = { name: null, version: null };
  private rejected = 0;
  private readonly reasons = new Map<string, number>();

  constructor(options?: DecodeOptions) {
    this.limits = resolveLimits(options);
    this.spanAttrs = new AttributeCollector(this.limits, SPAN_SOURCE_KEYS);
    this.resourceAttrs = new AttributeCollector(this.limits, RESOURCE_SOURCE_KEYS);
    this.itemAttrs = new AttributeCollector(this.limits);
  }

  /** Resets the per-span state; returns the fields to fill. */
  beginSpan(): SpanFields {
    resetSpanFields(this.fields);
    this.spanAttrs.start();
    this.spanAttrs.resetTruncated();
    this.itemAttrs.resetTruncated();
    return this.fields;
  }

  /** Validates the times and keeps the span, or counts it as rejected. */
  finishSpan(resource: ResourceInfo): void {
    const f = this.fields;
    const problem = checkSpanTimes(f.startUs, f.endUs, this.limits.window);
    if (problem !== null) {
      this.reject(problem);
      return;
    }
    f.truncated ||= this.itemAttrs.truncated;
    this.spans.push(buildSpan(f, this.spanAttrs, resource, this.scope));
  }

  /** The instrumentation scope of the spans that follow ("" counts as absent). */
  setScope(name: string | null, version: string | null): void {
    const max = this.limits.maxValueLength;
    const limit = (s: string | null) =>
      s === null || s.length === 0 ? null : s.length > max ? truncateText(s, max) : s;
    this.scope = { name: limit(name), version: limit(version) };
  }

  reject(reason: string, count = 1): void {
    this.rejected += count;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + count);
  }

  result(): DecodeResult {
    const rejectionReasons: string[] = [];
    for (const [reason, n] of this.reasons) {
      if (rejectionReasons.length === MAX_REASONS) break;
      rejectionReasons.push(`${reason}: ${n} span${n === 1 ? "" : "s"}`);
    }
    return { spans: this.spans, rejected: this.rejected, rejectionReasons };
  }
}
