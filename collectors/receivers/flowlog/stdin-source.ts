// Flow-log lines piped into the agent (`hubble observe -o jsonpb | strata-collector --stdin
// hubble`). A pipe cannot be re-read, so lines go through the intake journal before they are
// parsed; while the pipeline refuses, reading stops and the writer blocks on the full pipe.
import type { Readable } from "node:stream";
import type { Consumer, LineIntake } from "../../pipeline/consumer";

export interface StdinSourceOptions {
  maxLinesPerBatch: number;
  onRefused?: (message: string) => void;
}

export class StdinSource {
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly stream: Readable,
    private readonly source: string,
    private readonly consumer: Consumer<LineIntake>,
    private readonly options: StdinSourceOptions = { maxLinesPerBatch: 5000 },
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Stops reading. Lines already read but not yet accepted are lost (a pipe has no offsets). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.stream.pause();
    this.stream.destroy();
    await this.running?.catch(() => undefined);
  }

  /** Resolves when stdin has ended and every line was handed on. */
  get done(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    let carry = "";
    this.stream.setEncoding("utf8");
    for await (const chunk of this.stream as AsyncIterable<string>) {
      if (this.stopped) return;
      const text = carry + chunk;
      const cut = text.lastIndexOf("\n");
      if (cut === -1) {
        carry = text;
        continue;
      }
      carry = text.slice(cut + 1);
      const lines = text.slice(0, cut).split("\n");
      for (let i = 0; i < lines.length; i += this.options.maxLinesPerBatch) {
        await this.deliver(lines.slice(i, i + this.options.maxLinesPerBatch));
      }
    }
    if (carry !== "" && !this.stopped) await this.deliver([carry]);
  }

  private async deliver(lines: string[]): Promise<void> {
    while (!this.stopped) {
      const result = await this.consumer.consume({ kind: "lines", source: this.source, lines, receivedAtMs: Date.now() });
      if (result.ok) return;
      this.options.onRefused?.(result.message);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, result.retryAfterMs);
      });
    }
  }
}
