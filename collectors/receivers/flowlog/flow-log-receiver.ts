// Tails every configured flow-log file source and feeds the parsed flows to the pipeline. Each
// chunk is read, parsed and consumed synchronously, so at any moment between chunks the tailers'
// offsets say exactly which lines the processors have seen (what a cut checkpoints). Reading
// pauses while the pipeline refuses (memory hard limit, full queue): the lines wait in the file.
import type { SourceConfig } from "../../config/schema";
import type { Consumer, FlowIntake } from "../../pipeline/consumer";
import type { TailOffset } from "../../queue/checkpoint";
import { SourceWatcher, type TrackedFile } from "./source-watcher";

export interface FlowLogEvents {
  linesRead(source: string, lines: number): void;
  flowsParsed(source: string, flows: number): void;
  linesRejected(source: string, reason: string, count: number): void;
  truncated(path: string): void;
  warn(message: string): void;
}

export interface FlowLogReceiverOptions {
  pollIntervalMs: number;
  discoverIntervalMs: number;
  /** read size; also the longest line kept (longer ones are skipped and counted) */
  chunkBytes: number;
  /** an orphaned (rotated) file is closed after this long without growth */
  rotateWaitMs: number;
  /** bytes read per file per round before moving on (fairness, event-loop turns) */
  roundBytes: number;
}

/** After a refusal (memory, a full queue, the disk behind), look again this soon. */
const REFUSED_RETRY_MS = 50;

export const DEFAULT_FLOW_LOG_OPTIONS: FlowLogReceiverOptions = {
  pollIntervalMs: 250,
  discoverIntervalMs: 2000,
  chunkBytes: 1024 * 1024,
  rotateWaitMs: 5000,
  roundBytes: 8 * 1024 * 1024,
};

export class FlowLogReceiver {
  private readonly watchers: SourceWatcher[];
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private lastDiscoveryMs = 0;
  private stopped = false;
  /** unread bytes per file after its last read: the backlog that signals pressure */
  private readonly backlog = new Map<string, number>();

  constructor(
    sources: readonly SourceConfig[],
    saved: readonly TailOffset[],
    private readonly consumer: Consumer<FlowIntake>,
    private readonly events: FlowLogEvents,
    private readonly options: FlowLogReceiverOptions = DEFAULT_FLOW_LOG_OPTIONS,
  ) {
    this.watchers = sources.filter((s) => !s.stdin).map((s) => new SourceWatcher(s, saved, events));
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.round = this.pollOnce().then((outcome) => {
        this.round = null;
        // A backlog is read round after round without a pause; a refusal (the pipeline is busy
        // for a moment) is retried soon; an idle file is polled.
        const wait = outcome === "more" ? 0 : outcome === "refused" ? REFUSED_RETRY_MS : this.options.pollIntervalMs;
        if (!this.stopped) this.timer = setTimeout(loop, wait);
      });
    };
    loop();
  }

  /** Stops reading; the offsets stay as they are (checkpointed by the final cut). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
  }

  close(): void {
    for (const w of this.watchers) w.close();
  }

  /** Resolves when the round in progress (if any) has read every file; the next one starts later. */
  async roundSettled(): Promise<void> {
    await this.round;
  }

  offsets(): TailOffset[] {
    return this.watchers.flatMap((w) => w.offsets());
  }

  /** Unread bytes over every file, as of each file's last read (cheap: no system call). */
  backlogBytes(): number {
    let total = 0;
    for (const b of this.backlog.values()) total += b;
    return total;
  }

  /** Unread bytes per file, for the tail-lag metric. */
  lags(): { path: string; bytes: number }[] {
    return this.watchers.flatMap((w) => w.tracked().map((f) => ({ path: f.tailer.path, bytes: f.tailer.lag() })));
  }

  /**
   * One round: discovery when due, then every file read up to the round budget. Resolves
   * "more" when some file still had more to read (its budget ran out), "refused" when the
   * pipeline refused, "done" when every file was read to its end.
   */
  async pollOnce(force = false): Promise<"done" | "more" | "refused"> {
    const now = Date.now();
    if (force || now - this.lastDiscoveryMs >= this.options.discoverIntervalMs) {
      this.lastDiscoveryMs = now;
      for (const w of this.watchers) w.discover();
    }
    let more = false;
    for (const w of this.watchers) {
      for (const file of w.tracked()) {
        if (this.stopped) return "done";
        const outcome = await this.drain(w, file);
        if (outcome === "refused") return "refused";
        more ||= outcome === "more";
      }
    }
    return more ? "more" : "done";
  }

  /** Reads one file up to the round budget. */
  private async drain(watcher: SourceWatcher, file: TrackedFile): Promise<"done" | "more" | "refused"> {
    const { tailer } = file;
    if (tailer.checkTruncation()) this.events.truncated(tailer.path);
    let budget = this.options.roundBytes;
    while (budget > 0 && !this.stopped) {
      if (!this.consumer.admit().ok) return "refused";
      const before = tailer.position;
      const chunk = tailer.read(this.options.chunkBytes);
      if (chunk === null) break;
      budget -= tailer.position - before;
      if (chunk.overlong > 0) this.events.linesRejected(watcher.id, `line longer than ${this.options.chunkBytes} bytes`, chunk.overlong);
      if (chunk.lines.length === 0) continue;
      this.feed(watcher.id, file, chunk.lines, chunk.firstLineNo);
      await new Promise<void>((resolve) => setImmediate(resolve)); // let requests and cuts run
    }
    this.backlog.set(tailer.key, budget > 0 ? 0 : tailer.lag());
    if (file.orphaned && !this.stopped && budget > 0 && Date.now() - tailer.lastGrowthMs >= this.options.rotateWaitMs) {
      const last = tailer.readFinalPartial();
      if (last) this.feed(watcher.id, file, last.lines, last.firstLineNo);
      watcher.forget(file);
      this.backlog.delete(tailer.key);
    }
    return budget > 0 ? "done" : "more";
  }

  private feed(source: string, file: TrackedFile, lines: string[], firstLineNo: number): void {
    const decoded = file.decoder.decode(lines, firstLineNo);
    this.events.linesRead(source, lines.length);
    this.events.flowsParsed(source, decoded.flows.length);
    for (const [reason, n] of decoded.reasons) this.events.linesRejected(source, reason, n);
    // Processing is synchronous inside consume(); the result is already settled.
    void this.consumer.consume({ kind: "flows", flows: decoded.flows, rejectedLines: decoded.rejectedLines, receivedAtMs: Date.now() });
  }
}
