// Runs a parser over a batch of lines and tallies the outcomes: what the receiver reports per
// file, and what the conformance tests assert. Keeps a bounded sample of rejections.
import type { FlowRejection, NormalizedFlow } from "@/lib/contracts/flow";
import type { FlowParser, ParseResult, SkipReason } from "./parse-result";

export const REJECTION_SAMPLE_LIMIT = 100;

export interface ParseTally {
  flows: NormalizedFlow[];
  /** lines that produced at least one flow */
  parsedLines: number;
  /** lines consumed without a flow of their own: inside a multi-line JSON record, or a record with no tuples */
  pendingLines: number;
  skipped: Partial<Record<SkipReason, number>>;
  skippedLines: number;
  rejectedLines: number;
  /** parts of otherwise good lines that were unusable (Azure tuples) */
  partialRejections: number;
  /** the first REJECTION_SAMPLE_LIMIT rejections, whole lines and parts */
  rejections: FlowRejection[];
}

/** Line numbers start at `firstLineNo` (1 for a whole file). Calls finish() at the end. */
export function parseLines(parser: FlowParser, lines: Iterable<string>, firstLineNo = 1): ParseTally {
  const tally: ParseTally = { flows: [], parsedLines: 0, pendingLines: 0, skipped: {}, skippedLines: 0, rejectedLines: 0, partialRejections: 0, rejections: [] };
  const note = (r: FlowRejection) => {
    if (tally.rejections.length < REJECTION_SAMPLE_LIMIT) tally.rejections.push(r);
  };
  const count = (r: ParseResult) => {
    if ("flows" in r) {
      if (r.flows.length > 0) tally.parsedLines++;
      else if (!r.partialRejections) tally.pendingLines++;
      for (const f of r.flows) tally.flows.push(f);
      for (const p of r.partialRejections ?? []) {
        tally.partialRejections++;
        note(p);
      }
    } else if ("skipped" in r) {
      tally.skippedLines++;
      tally.skipped[r.skipped] = (tally.skipped[r.skipped] ?? 0) + 1;
    } else {
      tally.rejectedLines++;
      note(r.rejected);
    }
  };
  let lineNo = firstLineNo;
  for (const line of lines) count(parser.parseLine(line, lineNo++));
  const last = parser.finish();
  if (last) count(last);
  return tally;
}
