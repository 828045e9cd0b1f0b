// Write-ahead step for intake that cannot be read again (OTLP bodies, stdin lines): the record is
// appended to the journal, handed to the processors, and acknowledged only once it is on disk.
// Processing before the fsync is safe: should the fsync fail, the sender gets a retryable
// refusal, and a crash before it leaves the record in the page cache (kill -9) or nowhere
// (power loss), in which case the checkpoint cannot have moved past it either.
import type { IntakeJournal, JournalRecord } from "../queue/intake-journal";
import { ACCEPTED, refusal, type ConsumeResult, type Consumer, type LineIntake, type SpanIntake } from "./consumer";

export function journalRecordOf(batch: SpanIntake | LineIntake): JournalRecord {
  return batch.kind === "spans"
    ? { kind: "otlp", encoding: batch.encoding, receivedAtMs: batch.receivedAtMs, body: batch.body }
    : { kind: "lines", source: batch.source, receivedAtMs: batch.receivedAtMs, lines: batch.lines };
}

export class JournalStage<B extends SpanIntake | LineIntake> implements Consumer<B> {
  constructor(
    private readonly journal: IntakeJournal,
    private readonly next: Consumer<B>,
    private readonly onWriteError: (err: unknown) => void,
  ) {}

  admit(): ConsumeResult {
    return this.next.admit();
  }

  async consume(batch: B): Promise<ConsumeResult> {
    try {
      this.journal.append(journalRecordOf(batch));
    } catch (err) {
      this.onWriteError(err);
      return refusal("journal_write_failed", 503, 5000, "collector could not write its journal");
    }
    const processed = this.next.consume(batch);
    try {
      await this.journal.sync();
    } catch (err) {
      this.onWriteError(err);
      return refusal("journal_write_failed", 503, 5000, "collector could not write its journal");
    }
    const result = await processed;
    return result.ok ? ACCEPTED : result;
  }
}
