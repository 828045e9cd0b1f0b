// Framing of one record in a segment file. A record is a small JSON meta (what the record is,
// read without touching the payload) and an opaque payload, protected by a CRC so a write torn
// by a crash or power loss is recognised at recovery and cut off instead of being replayed.
//
//   u32 magic "STR1" | u32 meta length | u32 payload length | u32 crc32(meta ‖ payload) | meta | payload
import zlib from "node:zlib";

export const RECORD_MAGIC = 0x53545231;
export const HEADER_BYTES = 16;
/** A record larger than this is corruption, not data (batches are a few MiB at most). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export type RecordMeta = Record<string, unknown>;

export interface DecodedRecord {
  meta: RecordMeta;
  payload: Buffer;
  /** header + meta + payload */
  size: number;
}

export function encodeRecord(meta: RecordMeta, payload: Uint8Array): Buffer {
  const metaBytes = Buffer.from(JSON.stringify(meta));
  const out = Buffer.allocUnsafe(HEADER_BYTES + metaBytes.length + payload.length);
  metaBytes.copy(out, HEADER_BYTES);
  out.set(payload, HEADER_BYTES + metaBytes.length);
  const crc = zlib.crc32(out.subarray(HEADER_BYTES));
  out.writeUInt32BE(RECORD_MAGIC, 0);
  out.writeUInt32BE(metaBytes.length, 4);
  out.writeUInt32BE(payload.length, 8);
  out.writeUInt32BE(crc, 12);
  return out;
}

export interface RecordHeader {
  metaLength: number;
  payloadLength: number;
  crc: number;
}

/** The header at `offset`, or null when it is not a record header (torn or corrupt). */
export function decodeHeader(buf: Buffer, offset = 0): RecordHeader | null {
  if (buf.length - offset < HEADER_BYTES) return null;
  if (buf.readUInt32BE(offset) !== RECORD_MAGIC) return null;
  const metaLength = buf.readUInt32BE(offset + 4);
  const payloadLength = buf.readUInt32BE(offset + 8);
  if (metaLength + payloadLength > MAX_RECORD_BYTES) return null;
  return { metaLength, payloadLength, crc: buf.readUInt32BE(offset + 12) };
}

/** Meta and payload after a header, checked against the CRC; null when they do not match. */
export function decodeBody(header: RecordHeader, body: Buffer): { meta: RecordMeta; payload: Buffer } | null {
  if (body.length !== header.metaLength + header.payloadLength) return null;
  if (zlib.crc32(body) !== header.crc) return null;
  try {
    const meta = JSON.parse(body.subarray(0, header.metaLength).toString("utf8")) as unknown;
    if (meta === null || typeof meta !== "object" || Array.isArray(meta)) return null;
    return { meta: meta as RecordMeta, payload: body.subarray(header.metaLength) };
  } catch {
    return null;
  }
}
