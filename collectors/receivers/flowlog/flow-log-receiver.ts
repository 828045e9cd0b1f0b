// Tails every configured flow-log file source and feeds the parsed flows to the pipeline. Each
// chunk is read, parsed and consumed synchronously, so at any moment between chunks the tailers'
// offsets say exactly which lines the processors have seen (what a cut checkpoints). Reading
// pauses while the pipeline refuses (memory hard limit, full queue): the lines wait in the file.
//
// Files are read in PASSES, one at a time (the loop's and a forced pollOnce's alike), and the
// agent cuts only between two passes (passSettled). A pass reads the files of sources that name
// pods (Hubble) after all the others: a Hubble line written before a VPC record (as a node's
// Hubble stream precedes the VPC log delivery, and as the simulator writes them) is then read in
// the same pass as that record, or an earlier one, and the record is named by it when the cut
// drains its row. A pass cut short by a refusal is resumed at the file where it stopped, so a
// cut never falls between a pass's VPC files and its Hubble file.
import type { SourceConfig } from "../../config/schema";
import type { Consumer, FlowIntake } from "../../pipeline/consumer";
import type { TailOffset } from "../../queue/checkpoint";
import { SourceWatcher, type TrackedFile } from "./source-watcher";

type PollOutcome = "done" | "more" | "refused";

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
/** the rejection reason of lines whose processing threw (a bug, not bad input: also warned) */
export const PROCESSING_FAILED = "processing failed";
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

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
  /** the pass step in progress (or the last one): the next waits for it */
  private running: Promise<unknown> = Promise.resolve();
  /** pollOnce calls started and not finished */
  private busy = 0;
  /** files the pass in progress has still to read; null between passes */
  private remaining: { watcher: SourceWatcher; file: TrackedFile }[] | null = null;
  /** callers of passSettled, released when a pass completes (or at stop) */
  private readonly waiters = new Set<() => void>();
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
      void this.pollOnce()
        .catch((err: unknown): PollOutcome => {
          // A file that cannot be read (EIO, a descriptor gone bad) must not end the loop for every
          // other file: said, and tried again at the next poll, where the pass stopped.
          this.events.warn(`reading flow logs failed: ${errorMessage(err)}; retrying`);
          return "done";
        })
        .then((outcome) => {
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
    await this.running;
    // A pass left unfinished stays so (the final cut does not wait for it): release the waiters.
    for (const release of [...this.waiters]) release();
  }

  close(): void {
    for (const w of this.watchers) w.close();
  }

  /**
   * Resolves once no pass is in progress or left unfinished by a refusal: every line read so far
   * was read in a complete pass. After `maxWaitMs` it resolves anyway, so a pipeline that keeps
   * refusing (memory, a full queue) does not hold the agent's cuts back.
   */
  passSettled(maxWaitMs: number): Promise<void> {
    if (this.settled()) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.waiters.delete(release);
        resolve();
      };
      const timer = setTimeout(release, maxWaitMs);
      this.waiters.add(release);
    });
  }

  private settled(): boolean {
    return this.busy === 0 && this.remaining === null;
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
   * One step of a pass, after the step in progress (if any). A new pass (always when forced)
   * discovers files when due, then reads every file up to the round budget, pod-naming sources
   * last; a pass cut short by a refusal is continued instead. Resolves "more" when some file
   * still had more to read (its budget ran out), "refused" when the pipeline refused (the pass
   * resumes there next time), "done" when every file was read to its end.
   */
  pollOnce(force = false): Promise<PollOutcome> {
    this.busy++;
    // On a turn of its own: what the previous step's end released (a cut) runs first, whole.
    const step = this.running.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => this.step(force));
    this.running = step.catch(() => undefined);
    return step.finally(() => {
      this.busy--;
      if (this.settled()) for (const release of [...this.waiters]) release();
    });
  }

  private async step(force: boolean): Promise<PollOutcome> {
    if (this.stopped) return "done"; // a poll queued behind stop() must not open files again
    if (this.remaining === null || force) {
      const now = Date.now();
      if (force || now - this.lastDiscoveryMs >= this.options.discoverIntervalMs) {
        this.lastDiscoveryMs = now;
        for (const w of this.watchers) w.discover();
      }
      this.remaining = this.passOrder();
    }
    let more = false;
    while (this.remaining.length > 0) {
      if (this.stopped) return "done";
      const { watcher, file } = this.remaining[0];
      const outcome = await this.drain(watcher, file);
      if (outcome === "refused") return "refused";
      this.remaining.shift();
      more ||= outcome === "more";
    }
    this.remaining = null;
    return more ? "more" : "done";
  }

  /** Every tracked file, in configuration order, except that files of Hubble flows come last. */
  private passOrder(): { watcher: SourceWatcher; file: TrackedFile }[] {
    const all = this.watchers.flatMap((watcher) => watcher.tracked().map((file) => ({ watcher, file })));
    const namesPods = (f: TrackedFile) => f.decoder.kind === "hubble";
    return [...all.filter((x) => !namesPods(x.file)), ...all.filter((x) => namesPods(x.file))];
  }

  /** Reads one file up to the round budget. */
  private async drain(watcher: SourceWatcher, file: TrackedFile): Promise<PollOutcome> {
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
    // Processing is synchronous inside consume(); the result is already settled. A processor that
    // throws on some input must not stop the tailer (nor, through an unhandled rejection, the
    // agent): the chunk's lines are counted as rejected, and reading goes on after them.
    try {
      void this.consumer.consume({ kind: "flows", flows: decoded.flows, rejectedLines: decoded.rejectedLines, receivedAtMs: Date.now() });
    } catch (err) {
      this.events.linesRejected(source, PROCESSING_FAILED, decoded.flows.length);
      this.events.warn(`${file.tailer.path}: processing lines ${firstLineNo}–${firstLineNo + lines.length - 1} failed (${errorMessage(err)}); they are counted as rejected`);
    }
  }
}
