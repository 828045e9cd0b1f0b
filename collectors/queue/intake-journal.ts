// The write-ahead journal of intake that cannot be read again from its source: OTLP request
// bodies (decompressed) and stdin lines. A request is answered 200 only once its record is on
// disk, so everything acknowledged survives kill -9 and power loss; the processors' in-memory
// state (open minutes, waiting half-edges) is rebuilt from it at restart. Tailed files need no
// journal: the files themselves are re-read from the checkpointed offsets.
import { comparePositions, SegmentLog, type LogPosition } from "./segment-log";

export type JournalRecord =
  | { kind: "otlp"; encoding: "protobuf" | "json"; receivedAtMs: number; body: Uint8Array }
  | { kind: "lines"; source: string; receivedAtMs: number; lines: string[] };

interface JournalMeta {
  k: "otlp" | "lines";
  t: number;
  e?: "protobuf" | "json";
  s?: string;
}

export class IntakeJournal {
  private readonly log: SegmentLog;
  /** (position, receivedAt) of recent records, oldest first: finds the rehydration start */
  private times: { position: LogPosition; atMs: number }[] = [];

  constructor(dir: string, private readonly maxBytes: number) {
    this.log = SegmentLog.open(dir, { segmentBytes: Math.max(1 << 20, Math.min(64 << 20, Math.floor(maxBytes / 8))) });
  }

  get bytes(): number {
    return this.log.bytes;
  }

  get end(): LogPosition {
    return this.log.end;
  }

  get start(): LogPosition {
    return this.log.start;
  }

  /** No room until the next cut trims it: intake is refused (retryable). */
  get full(): boolean {
    return this.log.bytes >= this.maxBytes;
  }

  /** Writes the record (page cache). Call sync() before acknowledging it. */
  append(record: JournalRecord): LogPosition {
    const meta: JournalMeta =
      record.kind === "otlp" ? { k: "otlp", t: record.receivedAtMs, e: record.encoding } : { k: "lines", t: record.receivedAtMs, s: record.source };
    const payload = record.kind === "otlp" ? record.body : Buffer.from(record.lines.join("\n"));
    const [position] = this.log.append([{ meta: meta as unknown as Record<string, unknown>, payload }]);
    this.times.push({ position, atMs: record.receivedAtMs });
    return position;
  }

  sync(): Promise<void> {
    return this.log.sync();
  }

  /** Records from `from` (inclusive) to `to` (exclusive; default the end), decoded. */
  *read(from: LogPosition, to: LogPosition = this.log.end): Generator<{ position: LogPosition; record: JournalRecord }> {
    let pos = from;
    for (let e = this.log.read(pos); e !== null && comparePositions(e.position, to) < 0; e = this.log.read(pos)) {
      const meta = e.meta as unknown as JournalMeta;
      const record: JournalRecord =
        meta.k === "otlp"
          ? { kind: "otlp", encoding: meta.e ?? "protobuf", receivedAtMs: meta.t, body: e.payload }
          : { kind: "lines", source: meta.s ?? "", receivedAtMs: meta.t, lines: e.payload.length ? e.payload.toString("utf8").split("\n") : [] };
      yield { position: e.position, record };
      pos = e.next;
    }
  }

  /** Remembers the receive time of a record read back at recovery. */
  noteRecovered(position: LogPosition, atMs: number): void {
    this.times.push({ position, atMs });
  }

  /** The first record received at or after `atMs` (the end when none). */
  firstAtOrAfter(atMs: number): LogPosition {
    const i = this.times.findIndex((t) => t.atMs >= atMs);
    return i === -1 ? this.log.end : this.times[i].position;
  }

  /** Nothing before `pos` is needed any more: its segments can go. */
  trim(pos: LogPosition): void {
    this.times = this.times.filter((t) => comparePositions(t.position, pos) >= 0);
    this.log.ack(pos);
  }

  close(): void {
    this.log.close();
  }
}
