// Interning of the short strings that repeat in every span of a request: attribute keys
// ("http.request.method") and common values ("GET", "production"). A hit costs one pass over
// the bytes and allocates nothing, and every row shares the one string; decoding each
// occurrence afresh was the largest source of garbage in the protobuf decoder (measured:
// garbage collection took about 40% of decode time before keys were interned).
// Bounded: a fixed table, a new string evicts the old one in its slot.

const SLOTS = 4096; // power of two
/** Longer strings are rarely repeated (URLs, statements): decoded directly. */
export const MAX_INTERNED_BYTES = 48;

const utf8 = new TextDecoder("utf-8");

export class StringCache {
  private readonly bytes: (Uint8Array | null)[] = new Array(SLOTS).fill(null);
  private readonly strings: string[] = new Array(SLOTS).fill("");

  /** UTF-8 `buf[start, start + len)` as a string, from the cache when seen before. */
  get(buf: Uint8Array, start: number, len: number): string {
    const end = start + len;
    let hash = 0x811c9dc5; // FNV-1a
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    const slot = hash & (SLOTS - 1);
    const cached = this.bytes[slot];
    if (cached !== null && cached.length === len && sameBytes(cached, buf, start)) return this.strings[slot];
    const s = utf8.decode(buf.subarray(start, end));
    this.bytes[slot] = buf.slice(start, end);
    this.strings[slot] = s;
    return s;
  }
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}

/** Shared by all decode calls: JavaScript runs one at a time, and the table is bounded. */
export const sharedStringCache = new StringCache();
