// Joins a pretty-printed JSON object spread over several lines (the VPC Lattice sample, Azure
// blobs opened in an editor) back into one record. JSON Lines input never enters this path:
// a record is only assembled when its first line opens an object or array and stops there
// (`{`, `{"records": [`), which a truncated JSONL line practically never does, so one bad line
// cannot swallow the good lines after it.

export type AssemblyStep =
  | { kind: "not-started" } // the line is not the opening of a multi-line record
  | { kind: "pending" } // consumed, record still open
  | { kind: "complete"; text: string; firstLine: number }
  | { kind: "overflow"; firstLine: number; chars: number };

export class JsonRecordAssembler {
  private parts: string[] = [];
  private chars = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private firstLine = 0;

  constructor(private readonly maxRecordChars: number) {}

  get open(): boolean {
    return this.parts.length > 0;
  }

  get openedAt(): number {
    return this.firstLine;
  }

  /** Call only with lines that did not parse as JSON on their own. */
  push(line: string, lineNo: number): AssemblyStep {
    if (!this.open) {
      const t = line.trimEnd();
      const last = t.charCodeAt(t.length - 1);
      const first = line.trimStart().charCodeAt(0);
      if ((first !== 123 && first !== 91) || (last !== 123 && last !== 91)) return { kind: "not-started" };
      this.firstLine = lineNo;
      this.depth = 0;
      this.inString = false;
      this.escaped = false;
    }
    this.chars += line.length + 1;
    if (this.chars > this.maxRecordChars) {
      const out: AssemblyStep = { kind: "overflow", firstLine: this.firstLine, chars: this.chars };
      this.reset();
      return out;
    }
    this.parts.push(line);
    this.scan(line);
    if (this.depth > 0) return { kind: "pending" };
    const out: AssemblyStep = { kind: "complete", text: this.parts.join("\n"), firstLine: this.firstLine };
    this.reset();
    return out;
  }

  reset(): void {
    this.parts = [];
    this.chars = 0;
  }

  /** Tracks bracket depth outside strings, so braces inside values do not count. */
  private scan(line: string): void {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
    }
  }
}
