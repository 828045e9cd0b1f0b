// What a flow-log parser says about one input line, and the interface every parser implements.
// Parsers are pure and line-oriented: the receiver that tails files or streams feeds them lines
// and counts the three outcomes; nothing here touches the file system.
import type { FlowRejection, FlowSourceKind, NormalizedFlow } from "@/lib/contracts/flow";

/**
 * Lines that are not flows but not errors either. They are counted, never reported as bad input:
 * blank lines, `//` comment lines (hubble-otel test files), VPC header lines, VPC NODATA / SKIPDATA
 * status records, Hubble stream events that are not flows (node_status, lost_events), non-IP flows.
 */
export type SkipReason = "blank" | "comment" | "header" | "NODATA" | "SKIPDATA" | "non-flow-event" | "non-ip-flow";

export type ParseResult =
  /** `flows` may be empty: a line inside a multi-line JSON record, or an Azure record without tuples.
   *  `partialRejections` lists parts of the record (Azure flow tuples) that were unusable while
   *  the rest was kept. */
  | { flows: NormalizedFlow[]; partialRejections?: FlowRejection[] }
  | { skipped: SkipReason }
  | { rejected: FlowRejection };

export interface FlowParser {
  readonly kind: FlowSourceKind;
  parseLine(line: string, lineNo: number): ParseResult;
  /** End of input: reports a multi-line JSON record left open (truncated file), else null. */
  finish(): ParseResult | null;
}

export interface ParserOptions {
  /**
   * AWS VPC custom format from config: field names in order, either as an array or as the string
   * AWS shows (`${version} ${srcaddr} …` or plain space-separated names). A header line in the
   * input still wins for the lines after it, because it describes that file exactly.
   */
  vpcFields?: string | readonly string[];
  /** Clock for the "not in the future" check and for VPC custom formats without start/end.
   *  A number freezes time (tests); a function is read per line (long-running streams). */
  nowMs?: number | (() => number);
  /** Lines longer than this (in UTF-16 code units) are rejected unread. Defaults per format. */
  maxLineChars?: number;
}

export function rejected(line: number, reason: string): ParseResult {
  // Bounded so a hostile line cannot make the rejection report itself huge.
  return { rejected: { line, reason: reason.length > 300 ? `${reason.slice(0, 297)}...` : reason } };
}

export function nowFrom(options: ParserOptions): () => number {
  const now = options.nowMs;
  if (typeof now === "number") return () => now;
  return now ?? Date.now;
}
