// Restart after a crash (or a clean stop): rebuild the in-memory state the last checkpoint did
// not cover, from the intake journal.
//  1. rehydrate [rehydrateFrom, checkpoint.journal): spans already reflected in committed batches
//     are given to the pairer only, with the same expiries, so the half-edges that were waiting
//     at the crash wait again (and pair with spans that arrive after the restart);
//  2. replay [checkpoint.journal, end): acknowledged intake not yet in a committed batch is
//     processed again exactly as it was the first time (same receive times).
// Tailed files need no replay here: the tailers resume at the checkpointed offsets.
import { decodeTraceRequest } from "@/lib/otlp";
import type { NormalizedSpan } from "@/lib/contracts/span";
import type { Consumer, LineIntake, SpanIntake } from "../pipeline/consumer";
import { recentRequest, type RecentRequest } from "../pipeline/retry-guard";
import type { SpanProcessor } from "../processors/span-processor";
import type { Checkpoint } from "../queue/checkpoint";
import type { IntakeJournal, JournalRecord } from "../queue/intake-journal";

export interface RecoveryTargets {
  journal: IntakeJournal;
  spans: SpanProcessor;
  /** processing after the journal stage, for replayed OTLP records */
  spanConsumer: Consumer<SpanIntake>;
  lineConsumer: Consumer<LineIntake>;
}

export interface RecoveryReport {
  rehydratedRecords: number;
  replayedRecords: number;
  unreadableRecords: number;
  /** every OTLP request still in the journal, by digest: the retry guard picks the last ones */
  requests: RecentRequest[];
}

function decodeSpans(record: Extract<JournalRecord, { kind: "otlp" }>): { spans: NormalizedSpan[]; rejected: number } {
  // Same decoder, same clock as when the request arrived: the same spans come out.
  const options = { nowMs: record.receivedAtMs };
  return decodeTraceRequest(record.body, record.encoding, options);
}

export async function recoverFromJournal(checkpoint: Checkpoint, t: RecoveryTargets): Promise<RecoveryReport> {
  const report: RecoveryReport = { rehydratedRecords: 0, replayedRecords: 0, unreadableRecords: 0, requests: [] };
  for (const { position, record } of t.journal.read(checkpoint.rehydrateFrom, checkpoint.journal)) {
    t.journal.noteRecovered(position, record.receivedAtMs);
    if (record.kind !== "otlp") continue;
    report.requests.push(recentRequest(record.encoding, record.receivedAtMs, record.body));
    try {
      t.spans.rehydrate(decodeSpans(record).spans, record.receivedAtMs);
      report.rehydratedRecords++;
    } catch {
      report.unreadableRecords++;
    }
  }
  t.spans.finishRehydration(checkpoint.pairerClockMs);

  for (const { position, record } of t.journal.read(checkpoint.journal)) {
    t.journal.noteRecovered(position, record.receivedAtMs);
    if (record.kind === "otlp") {
      report.requests.push(recentRequest(record.encoding, record.receivedAtMs, record.body));
      let decoded;
      try {
        decoded = decodeSpans(record);
      } catch {
        report.unreadableRecords++;
        continue;
      }
      await t.spanConsumer.consume({ kind: "spans", encoding: record.encoding, body: record.body, ...decoded, receivedAtMs: record.receivedAtMs });
    } else {
      await t.lineConsumer.consume({ kind: "lines", source: record.source, lines: record.lines, receivedAtMs: record.receivedAtMs });
    }
    report.replayedRecords++;
  }
  return report;
}
