// Size limits applied while decoding, so one hostile or careless sender cannot blow up a row.
// What is cut stays visible: strings carry a marker suffix, dropped entries a count attribute,
// and the span has `truncated: true`.
import { plausibleWindow, type TimeWindow } from "./time";

export interface DecodeOptions {
  /** "now" for the future-timestamp check; injectable for tests. Default Date.now(). */
  nowMs?: number;
  /** longest string value kept, in UTF-16 code units (default 4096) */
  maxAttributeValueLength?: number;
  /** attributes kept per span, resource, event and link; also items per array/map value (default 128) */
  maxAttributes?: number;
  /** events kept per span (default 128) */
  maxEventsPerSpan?: number;
  /** links kept per span (default 128) */
  maxLinksPerSpan?: number;
  /** deepest nesting of array/map attribute values kept (default 8, at most 64) */
  maxValueDepth?: number;
}

export interface Limits {
  maxValueLength: number;
  maxAttributes: number;
  maxEvents: number;
  maxLinks: number;
  maxDepth: number;
  window: TimeWindow;
}

export const DEFAULT_LIMITS = {
  maxValueLength: 4096,
  maxAttributes: 128,
  maxEvents: 128,
  maxLinks: 128,
  maxDepth: 8,
} as const;

const MAX_DEPTH_CEILING = 64;

/** Attribute added when attributes were dropped over the cap: how many. */
export const DROPPED_ATTRIBUTES_KEY = "strata.dropped_attributes_count";
export const DROPPED_EVENTS_KEY = "strata.dropped_events_count";
export const DROPPED_LINKS_KEY = "strata.dropped_links_count";
/** Stands in for an array/map value nested deeper than maxValueDepth. */
export const TOO_DEEP_MARKER = "…[nested too deep]";

export function resolveLimits(options: DecodeOptions = {}): Limits {
  const positive = (value: number | undefined, fallback: number) =>
    value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
  return {
    maxValueLength: positive(options.maxAttributeValueLength, DEFAULT_LIMITS.maxValueLength),
    maxAttributes: positive(options.maxAttributes, DEFAULT_LIMITS.maxAttributes),
    maxEvents: positive(options.maxEventsPerSpan, DEFAULT_LIMITS.maxEvents),
    maxLinks: positive(options.maxLinksPerSpan, DEFAULT_LIMITS.maxLinks),
    // The value readers recurse once per level: keep the stack far from its limit.
    maxDepth: Math.min(positive(options.maxValueDepth, DEFAULT_LIMITS.maxDepth), MAX_DEPTH_CEILING),
    window: plausibleWindow(options.nowMs ?? Date.now()),
  };
}

/** `s` cut to `max` code units plus a marker naming how much went, e.g. "…[truncated 12345 chars]". */
export function truncateText(s: string, max: number): string {
  let keep = max;
  // Never split a surrogate pair: a lone high surrogate is not valid text.
  const last = s.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return `${s.slice(0, keep)}…[truncated ${s.length - keep} chars]`;
}
