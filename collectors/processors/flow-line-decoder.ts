// Lines of one file or stream → flows, with the parser of its format (collectors/parsers). With
// format "auto" the format is detected from the first lines seen; lines that come before it is
// known are rejected with a reason rather than held (holding them would make what was read
// differ from what was processed, and offsets must stay exact). Pure: no I/O.
import type { FlowSourceKind, NormalizedFlow } from "@/lib/contracts/flow";
import { createParser, detectFormat, type FlowParser } from "../parsers";

export interface DecodedLines {
  flows: NormalizedFlow[];
  rejectedLines: number;
  /** rejection reasons with counts, for the metrics */
  reasons: Map<string, number>;
}

export const UNDETECTED_REASON = "flow-log format not recognised (set format in the source configuration)";

export class FlowLineDecoder {
  private parser: FlowParser | null;

  constructor(
    private readonly format: FlowSourceKind | "auto",
    private readonly vpcFields?: string | readonly string[],
  ) {
    this.parser = format === "auto" ? null : this.create(format);
  }

  get kind(): FlowSourceKind | null {
    return this.parser?.kind ?? null;
  }

  /**
   * Resuming in the middle of a file: the parser learns what the file's first lines say (a VPC
   * header gives the field order), and nothing they produce is kept.
   */
  prime(headLines: readonly string[]): void {
    if (this.parser === null) this.detect(headLines);
    if (this.parser?.kind === "aws-vpc-flow" && headLines.length > 0) this.parser.parseLine(headLines[0], 1);
  }

  decode(lines: readonly string[], firstLineNo: number): DecodedLines {
    const out: DecodedLines = { flows: [], rejectedLines: 0, reasons: new Map() };
    if (this.parser === null) this.detect(lines);
    if (this.parser === null) {
      const meaningful = lines.filter((l) => l.trim() !== "").length;
      if (meaningful > 0) out.reasons.set(UNDETECTED_REASON, meaningful);
      out.rejectedLines = meaningful;
      return out;
    }
    let lineNo = firstLineNo;
    for (const line of lines) {
      const r = this.parser.parseLine(line, lineNo++);
      if ("flows" in r) {
        for (const f of r.flows) out.flows.push(f);
      } else if ("rejected" in r) {
        out.rejectedLines++;
        const reason = r.rejected.reason.length > 120 ? r.rejected.reason.slice(0, 120) : r.rejected.reason;
        out.reasons.set(reason, (out.reasons.get(reason) ?? 0) + 1);
      }
    }
    return out;
  }

  private detect(lines: readonly string[]): void {
    const kind = detectFormat(lines.slice(0, 20));
    if (kind !== null) this.parser = this.create(kind);
  }

  private create(kind: FlowSourceKind): FlowParser {
    return createParser(kind, this.vpcFields ? { vpcFields: this.vpcFields } : {});
  }
}
