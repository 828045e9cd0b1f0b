// Trace and span ids: bytes (protobuf), hex (OTLP/JSON) or base64 (protobuf-JSON, "jsonpb")
// in; lowercase hex out. A result of null means "not a valid id of that length"; all-zero ids
// are reported separately because a zero parent means "root" while a zero trace id is invalid.

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

const HEX_DIGIT = Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));
const hexCodes: number[] = [];

/**
 * Lowercase hex of `len` bytes starting at `start`, built as one flat string (adding two
 * characters at a time makes a chain of small strings, all garbage once flattened).
 */
export function bytesToHex(buf: Uint8Array, start: number, len: number): string {
  hexCodes.length = len * 2;
  for (let i = 0; i < len; i++) {
    const b = buf[start + i];
    hexCodes[2 * i] = HEX_DIGIT[b >> 4];
    hexCodes[2 * i + 1] = HEX_DIGIT[b & 15];
  }
  return String.fromCharCode.apply(null, hexCodes);
}

export function isAllZeroBytes(buf: Uint8Array, start: number, len: number): boolean {
  for (let i = start, stop = start + len; i < stop; i++) if (buf[i] !== 0) return false;
  return true;
}

export function isAllZeroHex(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const lower = c >= 97 && c <= 102;
    const upper = c >= 65 && c <= 70;
    if (!digit && !lower && !upper) return false;
  }
  return true;
}

const BASE64_VALUE = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  .split("")
  .forEach((ch, i) => (BASE64_VALUE[ch.charCodeAt(0)] = i));
// URL-safe alphabet too: some jsonpb writers use it.
BASE64_VALUE["-".charCodeAt(0)] = 62;
BASE64_VALUE["_".charCodeAt(0)] = 63;

/** Decodes base64 of exactly `byteLength` bytes (padding optional) to hex, or null. */
function base64ToHex(s: string, byteLength: number): string | null {
  let len = s.length;
  while (len > 0 && s.charCodeAt(len - 1) === 61) len--; // "="
  if (len !== Math.ceil((byteLength * 4) / 3)) return null;
  let out = "";
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? BASE64_VALUE[c] : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += HEX_BYTE[(acc >> bits) & 0xff];
    }
  }
  return out.length === byteLength * 2 ? out : null;
}

/**
 * A JSON id of `byteLength` bytes, detected per field: hex (OTLP/JSON, case-insensitive) when
 * it has 2×byteLength hex digits, else base64 (protobuf-JSON). The lengths never collide:
 * 16 bytes are 32 hex or 22–24 base64 characters, 8 bytes 16 hex or 11–12 base64.
 */
export function jsonIdToHex(value: unknown, byteLength: number): string | null {
  if (typeof value !== "string") return null;
  if (value.length === byteLength * 2) return isHex(value) ? value.toLowerCase() : null;
  return base64ToHex(value, byteLength);
}
