// Collects one attribute list (a span's, a resource's, an event's or a link's) while a
// decoder walks it, shared by the protobuf and the JSON decoder. It enforces the limits as
// it goes, so a decoder can skip the value of an attribute that will be dropped anyway, and
// it sets aside the attributes that may become NormalizedSpan columns (semconv-columns.ts
// decides which win); the rest go straight into the plain object.
//
// One instance is reused for every span of a request: start() begins a new list.
import type { AttributeValue, Attributes } from "@/lib/contracts/span";
import { DROPPED_ATTRIBUTES_KEY, truncateText, type Limits } from "./limits";

/** classify(): the attribute is kept as a plain attribute */
export const KEEP = -1;
/** classify(): the attribute is over the cap; skip its value (already counted) */
export const DROP = -2;

export class AttributeCollector {
  readonly limits: Limits;
  /** set when anything was cut since resetTruncated(): a string, an entry, a nested value */
  truncated = false;
  private readonly sourceIds: ReadonlyMap<string, number> | null;
  private readonly sourceKeys: readonly string[];
  private attrs: Attributes = {};
  private kept = 0;
  private dropped = 0;
  // Column candidates, indexed by source id; `found` lists the ids present, in arrival order.
  private readonly values: AttributeValue[];
  private readonly present: Uint8Array;
  private readonly consumed: Uint8Array;
  private readonly found: number[] = [];

  /** `sourceKeys`: attribute keys that may become columns (their index is their id), or none. */
  constructor(limits: Limits, sourceKeys: readonly string[] = []) {
    this.limits = limits;
    this.sourceKeys = sourceKeys;
    this.sourceIds = sourceKeys.length > 0 ? new Map(sourceKeys.map((k, i) => [k, i])) : null;
    this.values = new Array<AttributeValue>(sourceKeys.length).fill(null);
    this.present = new Uint8Array(sourceKeys.length);
    this.consumed = new Uint8Array(sourceKeys.length);
  }

  start(): void {
    this.attrs = {};
    this.kept = 0;
    this.dropped = 0;
    const found = this.found;
    for (let i = 0; i < found.length; i++) {
      this.present[found[i]] = 0;
      this.consumed[found[i]] = 0;
    }
    found.length = 0;
  }

  resetTruncated(): void {
    this.truncated = false;
  }

  /** Where the attribute `key` goes: a column source id (>= 0), KEEP or DROP. */
  classify(key: string): number {
    if (this.sourceIds !== null) {
      const id = this.sourceIds.get(key);
      if (id !== undefined) return id;
    }
    if (this.kept < this.limits.maxAttributes) return KEEP;
    this.dropped++;
    this.truncated = true;
    return DROP;
  }

  /** Adds a plain attribute (classify() said KEEP). Empty keys carry nothing and are ignored. */
  put(key: string, value: AttributeValue): void {
    if (key.length === 0) return;
    this.kept++;
    setOwn(this.attrs, this.text(key), value);
  }

  putSource(id: number, value: AttributeValue): void {
    if (this.present[id] === 0) {
      this.present[id] = 1;
      this.found.push(id);
    }
    this.values[id] = value; // a repeated key: the last one wins, as in a map
  }

  /** The candidate value of source `id`, or undefined when the span does not carry it. */
  source(id: number): AttributeValue | undefined {
    return this.present[id] === 1 ? this.values[id] : undefined;
  }

  /** Marks a candidate as turned into a column: it will not be repeated in the attributes. */
  consume(id: number): void {
    this.consumed[id] = 1;
  }

  /** The plain attributes plus every candidate no column took; the list is done. */
  finish(): Attributes {
    const attrs = this.attrs;
    for (const id of this.found) {
      if (this.consumed[id] === 0) setOwn(attrs, this.sourceKeys[id], this.values[id]);
    }
    if (this.dropped > 0) attrs[DROPPED_ATTRIBUTES_KEY] = this.dropped;
    return attrs;
  }

  /** A string value under the length limit, cut with a marker when over it. */
  text(s: string): string {
    if (s.length <= this.limits.maxValueLength) return s;
    this.truncated = true;
    return truncateText(s, this.limits.maxValueLength);
  }

  /** Records a cut made by a decoder (an over-deep value, items over the cap). */
  markTruncated(): void {
    this.truncated = true;
  }
}

/** obj[key] = value, except that "__proto__" becomes an own property instead of a prototype. */
export function setOwn(obj: Attributes, key: string, value: AttributeValue): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}
