// The consumer chains of the agent, one per kind of intake (STYLE.md 16: memory limiter first,
// batching last):
//   OTLP spans:  memory limiter(soft) → backpressure → retry guard → journal → span processor
//   stdin lines: memory limiter(soft) → backpressure → journal → line parser → flow processor
//   file flows:  memory limiter(hard) → backpressure → flow processor   (files are their own journal)
// The batcher sits behind the processors and takes their output at each cut.
import { BackpressureGate, type Room } from "../pipeline/backpressure-gate";
import type { Consumer, FlowIntake, LineIntake, SpanIntake } from "../pipeline/consumer";
import { JournalStage } from "../pipeline/journal-stage";
import { RetryGuard } from "../pipeline/retry-guard";
import type { FlowProcessor } from "../processors/flow-processor";
import { LineParserStage, type LineSourceSpec } from "../processors/line-parser-stage";
import { MemoryLimiter, type MemoryMonitor } from "../processors/memory-limiter";
import type { SpanProcessor } from "../processors/span-processor";
import type { IntakeJournal } from "../queue/intake-journal";

export interface Pipelines {
  /** what the OTLP receiver feeds */
  spans: Consumer<SpanIntake>;
  /** what stdin sources feed */
  lines: Consumer<LineIntake>;
  /** what the file tailers feed */
  files: Consumer<FlowIntake>;
  /** after the journal: what recovery replays into */
  replaySpans: Consumer<SpanIntake>;
  replayLines: Consumer<LineIntake>;
  /** armed at recovery with the requests that may have been in flight at a crash */
  retryGuard: RetryGuard;
}

export interface PipelineParts {
  monitor: MemoryMonitor;
  room: Room;
  journal: IntakeJournal;
  spanProcessor: SpanProcessor;
  flowProcessor: FlowProcessor;
  stdinSources: readonly LineSourceSpec[];
  onRejectedLines: (source: string, reason: string, count: number) => void;
  onJournalError: (err: unknown) => void;
  onDuplicateRequest: (spans: number) => void;
}

export function buildPipelines(p: PipelineParts): Pipelines {
  const lineParser = new LineParserStage(p.stdinSources, p.flowProcessor, p.onRejectedLines);
  const journaledSpans = new JournalStage<SpanIntake>(p.journal, p.spanProcessor, p.onJournalError);
  const retryGuard = new RetryGuard(journaledSpans, p.onDuplicateRequest);
  const journaledLines = new JournalStage<LineIntake>(p.journal, lineParser, p.onJournalError);
  return {
    spans: new MemoryLimiter(p.monitor, new BackpressureGate(p.room, retryGuard), "soft"),
    lines: new MemoryLimiter(p.monitor, new BackpressureGate(p.room, journaledLines), "soft"),
    files: new MemoryLimiter(p.monitor, new BackpressureGate(p.room, p.flowProcessor), "hard"),
    replaySpans: p.spanProcessor,
    replayLines: lineParser,
    retryGuard,
  };
}
