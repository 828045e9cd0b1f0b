// The shared skeleton of the JSON-based parsers (Lattice, Hubble, Azure): size cap, blank and
// comment lines, JSON.parse, multi-line records, and turning field errors into rejections.
import type { FlowSourceKind } from "@/lib/contracts/flow";
import { FieldError } from "./json-fields";
import { JsonRecordAssembler } from "./json-record-assembler";
import { rejected, type FlowParser, type ParseResult, type ParserOptions } from "./parse-result";

export type RecordToResult = (record: unknown, lineNo: number) => ParseResult;

export function createJsonLineParser(
  kind: FlowSourceKind,
  options: ParserOptions,
  defaultMaxLineChars: number,
  toResult: RecordToResult,
): FlowParser {
  const maxLineChars = options.maxLineChars ?? defaultMaxLineChars;
  // A multi-line record may be a few times a single line's budget (indentation).
  const assembler = new JsonRecordAssembler(maxLineChars * 4);

  function convert(record: unknown, lineNo: number): ParseResult {
    try {
      return toResult(record, lineNo);
    } catch (e) {
      if (e instanceof FieldError) return rejected(lineNo, e.reason);
      throw e;
    }
  }

  function assemble(line: string, lineNo: number, parseError: string): ParseResult {
    const step = assembler.push(line, lineNo);
    switch (step.kind) {
      case "not-started":
        return rejected(lineNo, `invalid JSON: ${parseError}`);
      case "pending":
        return { flows: [] };
      case "overflow":
        return rejected(step.firstLine, `multi-line JSON record from line ${step.firstLine} exceeds ${maxLineChars * 4} characters`);
      case "complete": {
        let record: unknown;
        try {
          record = JSON.parse(step.text);
        } catch (e) {
          return rejected(step.firstLine, `invalid JSON in the record of lines ${step.firstLine}-${lineNo}: ${(e as Error).message}`);
        }
        return convert(record, step.firstLine);
      }
    }
  }

  return {
    kind,
    parseLine(raw: string, lineNo: number): ParseResult {
      if (raw.length > maxLineChars) {
        if (assembler.open) assembler.reset();
        return rejected(lineNo, `line is ${raw.length} characters, over the ${maxLineChars} limit`);
      }
      const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
      if (assembler.open) return assemble(line, lineNo, "");
      const first = line.charCodeAt(0);
      if (first !== 123 /* { */) {
        const t = line.trim();
        if (t === "") return { skipped: "blank" };
        if (t.startsWith("//")) return { skipped: "comment" };
      }
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (e) {
        return assemble(line, lineNo, (e as Error).message);
      }
      return convert(record, lineNo);
    },
    finish(): ParseResult | null {
      if (!assembler.open) return null;
      const at = assembler.openedAt;
      assembler.reset();
      return rejected(at, `JSON record opened at line ${at} was never closed (truncated input)`);
    },
  };
}
