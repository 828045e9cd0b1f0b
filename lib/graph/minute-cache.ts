// A cache of closed minutes of rollup rows, so that a graph window is summed from rows fetched
// once instead of re-reading and re-merging ~90,000 rows of histograms per request (bench/README
// "UI": no SQL form of that merge over a 1 h window gets near 100 ms).
//
// Correctness with late data:
// - a minute is cached only once it is closed: its end is more than openGraceMs (60 s) in the
//   past (agents cut batches every 1–5 s and the server pairs spans for a few seconds more); the
//   open minutes (the current one and the one before) are checked against the database on every
//   read (OpenMinuteCheck) and refetched when they changed;
// - ingest in this process reports the minutes it wrote (minute-invalidation.ts): they are dropped,
//   and a fetch that was in flight while any minute was invalidated is not stored (it may have
//   read the rows from before the write);
// - another server replica writing the same database cannot tell us: every cached minute expires
//   after a TTL drawn between ttlMs/2 and ttlMs (jittered so a window's minutes, fetched together,
//   do not all expire in the same request). Staleness is therefore bounded by ttlMs (60 s).
// Memory is bounded by maxBytes (an estimate per row from sizeOf); the least recently used minutes
// are evicted first, which for a sliding window are the oldest ones.
// The same cache holds longer units (unitMs: the hours of long windows, rollup-hours.ts): an
// invalidated minute then drops the unit holding it.
import { onRollupMinutesWritten } from "./minute-invalidation";

export const MINUTE_MS = 60_000;

export interface MinuteCacheOptions<Row> {
  /** upper bound of a cached minute's life; 60 s by default */
  ttlMs?: number;
  /** a minute is closed once its end is this far in the past; 1 min by default */
  openGraceMs?: number;
  /** estimated memory bound; 256 MB by default */
  maxBytes?: number;
  /** estimated bytes of one row */
  sizeOf: (row: Row) => number;
  /** what one entry covers; a minute by default */
  unitMs?: number;
  /** random number in [0, 1), for the TTL jitter (tests pass a fixed one) */
  random?: () => number;
}

interface Entry<Row> {
  rows: Row[];
  bytes: number;
  expiresAtMs: number;
}

/**
 * How open minutes are kept between reads: a digest of a minute's rows that every write changes
 * (row count and sums of the counters, which ingest only ever increases), computed here from the
 * rows and by the database from its rows. An open minute whose digest did not change since its
 * rows were fetched is served from memory; asking costs a scan of one minute's counters
 * (a few ms) instead of its histograms (tens of ms for 1,500 edges). Any writer, in this process
 * or not, changes the digest, so open minutes need no TTL.
 */
export interface OpenMinuteCheck<Row> {
  digestOf: (rows: readonly Row[]) => string;
  /** the database's digests per minute; a minute without rows may be absent */
  digests: (minutesMs: number[]) => Promise<Map<number, string>>;
}

/** Fetches the rows of the given minutes; a minute without rows may be absent from the map. */
export type MinuteFetch<Row> = (minutesMs: number[]) => Promise<Map<number, Row[]>>;

export class MinuteCache<Row> {
  private readonly entries = new Map<number, Entry<Row>>();
  /** open minutes last read, with their digests (a handful: the window's newest minutes) */
  private readonly open = new Map<number, { rows: Row[]; digest: string }>();
  private readonly ttlMs: number;
  private readonly openGraceMs: number;
  readonly maxBytes: number;
  readonly unitMs: number;
  private readonly sizeOf: (row: Row) => number;
  private readonly random: () => number;
  private bytes = 0;
  /** bumped by every invalidation: a fetch that saw it change stores nothing */
  private epoch = 0;
  private readonly unsubscribe: () => void;

  constructor(options: MinuteCacheOptions<Row>) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.openGraceMs = options.openGraceMs ?? 60_000;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.sizeOf = options.sizeOf;
    this.unitMs = options.unitMs ?? MINUTE_MS;
    this.random = options.random ?? Math.random;
    this.unsubscribe = onRollupMinutesWritten((minutes) => this.invalidate(minutes));
  }

  /** Estimated bytes held. */
  get size(): number {
    return this.bytes;
  }

  get minutesCached(): number {
    return this.entries.size;
  }

  has(minuteMs: number, nowMs = Date.now()): boolean {
    const e = this.entries.get(minuteMs);
    return e !== undefined && e.expiresAtMs > nowMs;
  }

  invalidate(minutesMs: Iterable<number>): void {
    this.epoch++;
    for (const m of minutesMs) this.drop(m - (m % this.unitMs));
  }

  /** Stops listening to ingest; for tests and for replacing a cache. */
  dispose(): void {
    this.unsubscribe();
    this.entries.clear();
    this.open.clear();
    this.bytes = 0;
  }

  isClosed(minuteMs: number, nowMs: number): boolean {
    return minuteMs + this.unitMs <= this.closedUntil(nowMs);
  }

  /** Minutes that end by this time are closed. */
  closedUntil(nowMs: number): number {
    return nowMs - this.openGraceMs;
  }

  /**
   * The rows of every minute (unit) in [fromMs, toMs) (unit-aligned), in order: cached closed
   * units from memory, the others fetched in one call and cached when closed.
   */
  async window(fromMs: number, toMs: number, fetch: MinuteFetch<Row>, nowMs = Date.now(), check?: OpenMinuteCheck<Row>): Promise<Row[][]> {
    const minutes: number[] = [];
    for (let m = fromMs; m < toMs; m += this.unitMs) minutes.push(m);
    const out = new Array<Row[]>(minutes.length);
    const missing: number[] = [];
    minutes.forEach((m, i) => {
      const e = this.entries.get(m);
      if (e && e.expiresAtMs > nowMs) {
        // Map order is recency order: re-insert on use so eviction drops the least recent.
        this.entries.delete(m);
        this.entries.set(m, e);
        out[i] = e.rows;
      } else missing.push(m);
    });
    if (missing.length === 0) return out;
    const epochBefore = this.epoch;
    const toFetch = check ? await this.reuseOpen(missing, check, nowMs, (m, rows) => (out[(m - fromMs) / this.unitMs] = rows)) : missing;
    if (toFetch.length === 0) return out;
    const fetched = await fetch(toFetch);
    const unchanged = this.epoch === epochBefore;
    for (const m of toFetch) {
      const rows = fetched.get(m) ?? [];
      out[(m - fromMs) / this.unitMs] = rows;
      if (unchanged && this.isClosed(m, nowMs)) this.store(m, rows, nowMs);
      else if (check && !this.isClosed(m, nowMs)) this.open.set(m, { rows, digest: check.digestOf(rows) });
    }
    return out;
  }

  /** Serves open minutes whose digest is unchanged; returns the minutes still to fetch. */
  private async reuseOpen(missing: number[], check: OpenMinuteCheck<Row>, nowMs: number, serve: (m: number, rows: Row[]) => void): Promise<number[]> {
    for (const m of this.open.keys()) if (this.isClosed(m, nowMs)) this.open.delete(m);
    const known = missing.filter((m) => this.open.has(m));
    if (known.length === 0) return missing;
    const digests = await check.digests(known);
    const reused = new Set<number>();
    for (const m of known) {
      const o = this.open.get(m);
      if (o && o.digest === (digests.get(m) ?? check.digestOf([]))) {
        serve(m, o.rows);
        reused.add(m);
      }
    }
    return missing.filter((m) => !reused.has(m));
  }

  private store(minuteMs: number, rows: Row[], nowMs: number): void {
    this.drop(minuteMs);
    let bytes = 64;
    for (const r of rows) bytes += this.sizeOf(r);
    if (bytes > this.maxBytes) return;
    const expiresAtMs = nowMs + this.ttlMs * (0.5 + 0.5 * this.random());
    this.entries.set(minuteMs, { rows, bytes, expiresAtMs });
    this.bytes += bytes;
    for (const [m] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(m);
    }
  }

  private drop(minuteMs: number): void {
    this.open.delete(minuteMs);
    const e = this.entries.get(minuteMs);
    if (!e) return;
    this.entries.delete(minuteMs);
    this.bytes -= e.bytes;
  }
}
