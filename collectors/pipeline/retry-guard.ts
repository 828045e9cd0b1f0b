// Exactly once across kill -9 for OTLP requests that were in flight at the crash. Such a request
// may be on disk (journaled, replayed at restart) while its client never got the answer: the
// client retries it, byte for byte (SDKs and collectors resend the serialised request). Without
// this stage the restarted agent would count it twice.
// At recovery, the digests of the journal's last OTLP records (those received within
// `windowMs` of the newest one: a request in flight at the crash is among them) are remembered
// for `ttlMs`; a request whose body has one of them is answered as accepted and not taken again
// (every time: the answer to the first retry may be lost as well).
// An identical body is the same spans (same trace and span ids), so a false match cannot drop
// data the server does not already have. Nothing is hashed in steady state: the guard is empty
// after a clean stop, and empties itself after its ttl.
import { createHash } from "node:crypto";
import { ACCEPTED, type ConsumeResult, type Consumer, type SpanIntake } from "./consumer";

export function requestDigest(encoding: SpanIntake["encoding"], body: Uint8Array): string {
  return `${encoding}:${createHash("sha256").update(body).digest("base64")}`;
}

/** A journaled request, by its digest (recovery hashes bodies as it reads them: none is kept). */
export interface RecentRequest {
  receivedAtMs: number;
  digest: string;
}

export function recentRequest(encoding: SpanIntake["encoding"], receivedAtMs: number, body: Uint8Array): RecentRequest {
  return { receivedAtMs, digest: requestDigest(encoding, body) };
}

export class RetryGuard implements Consumer<SpanIntake> {
  private digests = new Set<string>();
  private expiresAtMs = 0;

  constructor(
    private readonly next: Consumer<SpanIntake>,
    private readonly onDuplicate: (spans: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers the requests received within `windowMs` of the last of `records` for `ttlMs`. */
  arm(records: readonly RecentRequest[], windowMs: number, ttlMs: number): number {
    const last = records.reduce((max, r) => Math.max(max, r.receivedAtMs), -Infinity);
    for (const r of records) if (r.receivedAtMs >= last - windowMs) this.digests.add(r.digest);
    this.expiresAtMs = this.now() + ttlMs;
    return this.digests.size;
  }

  get armed(): number {
    return this.digests.size;
  }

  admit(): ConsumeResult {
    return this.next.admit();
  }

  consume(batch: SpanIntake): Promise<ConsumeResult> {
    if (this.digests.size > 0) {
      if (this.now() > this.expiresAtMs) this.digests.clear();
      else if (this.digests.has(requestDigest(batch.encoding, batch.body))) {
        this.onDuplicate(batch.spans.length);
        return Promise.resolve(ACCEPTED);
      }
    }
    return this.next.consume(batch);
  }
}
