// Journaled stdin lines → flows, one FlowLineDecoder per source (parsers keep per-stream state),
// then on to the flow processor. Runs after the journal, so a replay parses the same lines the
// same way.
import type { FlowSourceKind } from "@/lib/contracts/flow";
import { type ConsumeResult, type Consumer, type FlowIntake, type LineIntake } from "../pipeline/consumer";
import { FlowLineDecoder } from "./flow-line-decoder";

export interface LineSourceSpec {
  id: string;
  format: FlowSourceKind | "auto";
  vpcFields?: string | readonly string[];
}

export class LineParserStage implements Consumer<LineIntake> {
  private readonly decoders = new Map<string, { decoder: FlowLineDecoder; lineNo: number }>();

  constructor(
    private readonly specs: readonly LineSourceSpec[],
    private readonly next: Consumer<FlowIntake>,
    private readonly onRejected: (source: string, reason: string, count: number) => void,
  ) {}

  admit(): ConsumeResult {
    return this.next.admit();
  }

  consume(batch: LineIntake): Promise<ConsumeResult> {
    let state = this.decoders.get(batch.source);
    if (!state) {
      const spec = this.specs.find((s) => s.id === batch.source);
      state = { decoder: new FlowLineDecoder(spec?.format ?? "auto", spec?.vpcFields), lineNo: 0 };
      this.decoders.set(batch.source, state);
    }
    const decoded = state.decoder.decode(batch.lines, state.lineNo + 1);
    state.lineNo += batch.lines.length;
    for (const [reason, n] of decoded.reasons) this.onRejected(batch.source, reason, n);
    return this.next.consume({ kind: "flows", flows: decoded.flows, rejectedLines: decoded.rejectedLines, receivedAtMs: batch.receivedAtMs });
  }
}
