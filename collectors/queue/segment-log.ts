// An append-only log on disk: numbered segment files of framed records (record-codec.ts), a read
// side that walks them by position, and an ack pointer below which segments are deleted. The
// intake journal and both export queues are built on it.
//
// Durability: append() writes into the page cache synchronously (so a kill -9 never loses an
// appended record); sync() makes everything appended so far survive power loss with one
// fdatasync shared by all callers waiting at the time (group commit: hundreds of requests a
// second cost a handful of fsyncs). A segment is fsynced before the next one is created, so at
// recovery only the newest segment can end in a torn record, which is cut off there.
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { fsyncDirectorySync, readJsonFileSync, writeFileAtomicSync } from "./atomic-file";
import { decodeBody, decodeHeader, encodeRecord, HEADER_BYTES, type RecordMeta } from "./record-codec";

const fdatasync = promisify(fs.fdatasync);

export interface LogPosition {
  segment: number;
  offset: number;
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.segment - b.segment || a.offset - b.offset;
}

export interface LogEntry {
  position: LogPosition;
  next: LogPosition;
  meta: RecordMeta;
  size: number;
}

const SEGMENT_NAME = /^(\d{12})\.seg$/;
const segmentFile = (dir: string, seq: number) => path.join(dir, `${String(seq).padStart(12, "0")}.seg`);

export class SegmentLog {
  private readonly sizes = new Map<number, number>();
  private readonly readFds = new Map<number, number>();
  private ackPos: LogPosition;
  private active: number;
  private activeFd: number | null = null;
  private appended = 0;
  private synced = 0;
  private inflight: Promise<void> | null = null;
  private dirDirty = false;

  private constructor(
    readonly dir: string,
    private readonly segmentBytes: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    const segments = fs
      .readdirSync(dir)
      .map((n) => SEGMENT_NAME.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const ack = readJsonFileSync(path.join(dir, "ack.json"), parsePosition);
    this.ackPos = ack ?? { segment: segments[0] ?? 1, offset: 0 };
    for (const seq of segments) {
      if (seq < this.ackPos.segment) fs.rmSync(segmentFile(dir, seq), { force: true });
      else this.sizes.set(seq, fs.statSync(segmentFile(dir, seq)).size);
    }
    this.active = Math.max(this.ackPos.segment, ...this.sizes.keys());
    if (this.sizes.has(this.active)) this.cutTornTail(this.active);
    // Acked records that power loss took back off the disk: the pointer cannot be past the end.
    const activeSize = this.sizes.get(this.active) ?? 0;
    if (this.ackPos.segment === this.active && this.ackPos.offset > activeSize) this.ackPos = { segment: this.active, offset: activeSize };
  }

  static open(dir: string, options: { segmentBytes?: number } = {}): SegmentLog {
    return new SegmentLog(dir, options.segmentBytes ?? 16 * 1024 * 1024);
  }

  /** First unacknowledged position. */
  get start(): LogPosition {
    return { ...this.ackPos };
  }

  /** Where the next record will be written. */
  get end(): LogPosition {
    return { segment: this.active, offset: this.sizes.get(this.active) ?? 0 };
  }

  /** Bytes on disk from the ack pointer to the end. */
  get bytes(): number {
    let total = 0;
    for (const [seq, size] of this.sizes) if (seq >= this.ackPos.segment) total += size;
    return Math.max(0, total - this.ackPos.offset);
  }

  /** Writes the records (page cache, not yet fsynced); returns the position of each. */
  append(records: readonly { meta: RecordMeta; payload: Uint8Array }[]): LogPosition[] {
    const positions: LogPosition[] = [];
    for (const r of records) {
      const bytes = encodeRecord(r.meta, r.payload);
      if ((this.sizes.get(this.active) ?? 0) >= this.segmentBytes) this.roll();
      const fd = this.writeFd();
      const offset = this.sizes.get(this.active) ?? 0;
      fs.writeSync(fd, bytes);
      this.sizes.set(this.active, offset + bytes.length);
      positions.push({ segment: this.active, offset });
    }
    this.appended++;
    return positions;
  }

  /** Resolves once everything appended before the call is on stable storage. */
  async sync(): Promise<void> {
    const target = this.appended;
    while (this.synced < target) {
      if (!this.inflight) {
        const upTo = this.appended;
        const fd = this.activeFd;
        const dirDirty = this.dirDirty;
        this.dirDirty = false;
        this.inflight = (async () => {
          if (fd !== null) await fdatasync(fd);
          if (dirDirty) fsyncDirectorySync(this.dir);
          this.synced = Math.max(this.synced, upTo);
        })().finally(() => {
          this.inflight = null;
        });
      }
      await this.inflight;
    }
  }

  /** The record at `pos` with its meta only, or null at the end of the log. */
  readMeta(pos: LogPosition): LogEntry | null {
    const at = this.normalise(pos);
    if (at === null) return null;
    const fd = this.readFd(at.segment);
    const head = Buffer.alloc(HEADER_BYTES);
    fs.readSync(fd, head, 0, HEADER_BYTES, at.offset);
    const header = decodeHeader(head);
    if (!header) throw new Error(`corrupt record header in ${segmentFile(this.dir, at.segment)} at ${at.offset}`);
    const metaBytes = Buffer.alloc(header.metaLength);
    fs.readSync(fd, metaBytes, 0, header.metaLength, at.offset + HEADER_BYTES);
    const size = HEADER_BYTES + header.metaLength + header.payloadLength;
    const meta = JSON.parse(metaBytes.toString("utf8")) as RecordMeta;
    return { position: at, next: { segment: at.segment, offset: at.offset + size }, meta, size };
  }

  /** The whole record at `pos`, checked against its CRC, or null at the end of the log. */
  read(pos: LogPosition): (LogEntry & { payload: Buffer }) | null {
    const at = this.normalise(pos);
    if (at === null) return null;
    const fd = this.readFd(at.segment);
    const head = Buffer.alloc(HEADER_BYTES);
    fs.readSync(fd, head, 0, HEADER_BYTES, at.offset);
    const header = decodeHeader(head);
    const body = header ? Buffer.alloc(header.metaLength + header.payloadLength) : null;
    if (header && body) fs.readSync(fd, body, 0, body.length, at.offset + HEADER_BYTES);
    const decoded = header && body ? decodeBody(header, body) : null;
    if (!header || !decoded) throw new Error(`corrupt record in ${segmentFile(this.dir, at.segment)} at ${at.offset}`);
    const size = HEADER_BYTES + body!.length;
    return { position: at, next: { segment: at.segment, offset: at.offset + size }, size, ...decoded };
  }

  /** Every record from `from` (default: the ack pointer) to the end, meta only. */
  *entries(from: LogPosition = this.ackPos): Generator<LogEntry> {
    let pos: LogPosition | null = from;
    for (let e = this.readMeta(pos); e !== null; e = this.readMeta(pos)) {
      yield e;
      pos = e.next;
    }
  }

  /**
   * Moves the ack pointer forward to `pos` and deletes segments wholly before it. The pointer is
   * written atomically but not fsynced: after power loss it may fall back, and records after it
   * are delivered again — at-least-once, which the server's dedupe by batch id absorbs. Skipping
   * the two fsyncs per batch keeps milliseconds off the event loop for every batch sent.
   */
  ack(pos: LogPosition): void {
    const at = this.normalise(pos) ?? this.end;
    if (comparePositions(at, this.ackPos) <= 0) return;
    writeFileAtomicSync(path.join(this.dir, "ack.json"), JSON.stringify(at), false);
    this.ackPos = at;
    for (const seq of [...this.sizes.keys()]) {
      if (seq < at.segment && seq !== this.active) this.removeSegment(seq);
    }
  }

  /** Drops everything from `pos` on: recovery of records that were never committed. */
  truncate(pos: LogPosition): void {
    for (const seq of [...this.sizes.keys()]) if (seq > pos.segment) this.removeSegment(seq);
    this.closeWriteFd();
    if (this.sizes.has(pos.segment)) {
      fs.truncateSync(segmentFile(this.dir, pos.segment), pos.offset);
      this.sizes.set(pos.segment, pos.offset);
    }
    this.active = pos.segment;
    fsyncDirectorySync(this.dir);
  }

  close(): void {
    this.closeWriteFd();
    for (const fd of this.readFds.values()) fs.closeSync(fd);
    this.readFds.clear();
  }

  /** `pos` moved past segment ends to a record start; null when nothing is there yet. */
  private normalise(pos: LogPosition): LogPosition | null {
    let at = comparePositions(pos, this.ackPos) < 0 ? this.ackPos : pos;
    for (;;) {
      const size = this.sizes.get(at.segment);
      if (size !== undefined && at.offset < size) return at;
      const later = [...this.sizes.keys()].filter((s) => s > at.segment).sort((a, b) => a - b)[0];
      if (later === undefined) return null;
      at = { segment: later, offset: 0 };
    }
  }

  private roll(): void {
    if (this.activeFd !== null) {
      fs.fdatasyncSync(this.activeFd);
      const old = this.activeFd;
      // An fdatasync of the old fd may still be running: close it after that one finishes.
      void (this.inflight ?? Promise.resolve()).catch(() => undefined).then(() => fs.closeSync(old));
      this.activeFd = null;
    }
    this.active++;
  }

  private writeFd(): number {
    if (this.activeFd === null) {
      const file = segmentFile(this.dir, this.active);
      if (!this.sizes.has(this.active)) this.dirDirty = true;
      this.activeFd = fs.openSync(file, "a");
      if (!this.sizes.has(this.active)) this.sizes.set(this.active, 0);
    }
    return this.activeFd;
  }

  private closeWriteFd(): void {
    if (this.activeFd === null) return;
    const fd = this.activeFd;
    this.activeFd = null;
    void (this.inflight ?? Promise.resolve()).catch(() => undefined).then(() => fs.closeSync(fd));
  }

  private readFd(seq: number): number {
    let fd = this.readFds.get(seq);
    if (fd === undefined) {
      fd = fs.openSync(segmentFile(this.dir, seq), "r");
      this.readFds.set(seq, fd);
    }
    return fd;
  }

  private removeSegment(seq: number): void {
    const fd = this.readFds.get(seq);
    if (fd !== undefined) fs.closeSync(fd);
    this.readFds.delete(seq);
    this.sizes.delete(seq);
    fs.rmSync(segmentFile(this.dir, seq), { force: true });
  }

  /** Cuts the newest segment after its last intact record (a write torn by a crash). */
  private cutTornTail(seq: number): void {
    const data = fs.readFileSync(segmentFile(this.dir, seq));
    let offset = 0;
    while (offset < data.length) {
      const header = decodeHeader(data, offset);
      if (!header) break;
      const end = offset + HEADER_BYTES + header.metaLength + header.payloadLength;
      if (end > data.length || !decodeBody(header, data.subarray(offset + HEADER_BYTES, end))) break;
      offset = end;
    }
    if (offset < data.length) fs.truncateSync(segmentFile(this.dir, seq), offset);
    this.sizes.set(seq, offset);
  }
}

function parsePosition(value: unknown): LogPosition {
  const v = value as Partial<LogPosition> | null;
  if (!v || !Number.isInteger(v.segment) || !Number.isInteger(v.offset)) throw new Error("invalid ack pointer file");
  return { segment: v.segment!, offset: v.offset! };
}
