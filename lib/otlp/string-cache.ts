// Interning of the short strings that repeat in every span of a request: attribute keys
// ("http.request.method") and common values ("GET", "production"). A hit costs one pass over
// the bytes and allocates nothing, and every row shares the one string; decoding each
// occurrence afresh was the largest source of garbage in the protobuf decoder (measured:
// garbage collection took about 40% of decode time before keys were interned).
// Bounded: a fixed table, a new string evicts the old one in its slot. The bytes of each
// entry are copied into one arena, never kept as a view of a request body (that would pin
// the body in memory, and a pooled body buffer could change under the cache).
//
// The miss path avoids typed-array views (subarray/slice) for ASCII text: once other code
// in the process has used them in ways that defeat V8's fast paths (measured: after one
// protobufjs decode in the same process), each view costs far more than the string itself.

const SLOTS = 4096; // power of two
/** Longer strings are rarely repeated (URLs, statements): decoded directly. */
export const MAX_INTERNED_BYTES = 48;

const utf8 = new TextDecoder("utf-8");
const charCodes: number[] = [];

export class StringCache {
  private readonly arena = new Uint8Array(SLOTS * MAX_INTERNED_BYTES);
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly strings: string[] = new Array<string>(SLOTS).fill("");

  /** UTF-8 `buf[start, start + len)` (len <= MAX_INTERNED_BYTES) as a string, cached. */
  get(buf: Uint8Array, start: number, len: number): string {
    const end = start + len;
    let hash = 0x811c9dc5; // FNV-1a
    let high = 0; // any byte >= 0x80 means non-ASCII
    for (let i = start; i < end; i++) {
      const b = buf[i];
      high |= b;
      hash = Math.imul(hash ^ b, 0x01000193);
    }
    const slot = hash & (SLOTS - 1);
    const arena = this.arena;
    const base = slot * MAX_INTERNED_BYTES;
    if (this.lengths[slot] === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (arena[base + i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.strings[slot];
    }
    const s = high < 0x80 ? asciiString(buf, start, len) : utf8.decode(buf.subarray(start, end));
    for (let i = 0; i < len; i++) arena[base + i] = buf[start + i];
    this.lengths[slot] = len;
    this.strings[slot] = s;
    return s;
  }
}

function asciiString(buf: Uint8Array, start: number, len: number): string {
  charCodes.length = len;
  for (let i = 0; i < len; i++) charCodes[i] = buf[start + i];
  return String.fromCharCode.apply(null, charCodes);
}

/** Up to this many bytes, ASCII text is built from char codes rather than through a view. */
const MAX_ASCII_PATH = 4096;

/** UTF-8 text of `buf[start, start + len)`, uncached; invalid sequences become U+FFFD. */
export function decodeUtf8(buf: Uint8Array, start: number, len: number): string {
  if (len <= MAX_ASCII_PATH) {
    let high = 0;
    for (let i = start, end = start + len; i < end; i++) high |= buf[i];
    if (high < 0x80) return asciiString(buf, start, len);
  }
  return utf8.decode(buf.subarray(start, start + len));
}

/** Shared by all decode calls: JavaScript runs one at a time, and the table is bounded. */
export const sharedStringCache = new StringCache();
