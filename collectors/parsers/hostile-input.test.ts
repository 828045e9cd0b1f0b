// Bad input must never crash a parser or stall it: every line ends as flows, skipped or
// rejected-with-reason, in time linear in its length.
import { describe, expect, it } from "vitest";
import { flowSourceKinds, normalizedFlowSchema, type FlowSourceKind } from "@/lib/contracts/flow";
import { createParser } from "./index";
import { parseLines } from "./parse-lines";
import type { ParseResult } from "./parse-result";
import { TEST_NOW_MS, readLines, vendored } from "./testdata/sample-files";

const opts = { nowMs: TEST_NOW_MS };
const V2 = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const GOOD: Record<FlowSourceKind, string> = {
  "aws-vpc-flow": V2,
  "aws-lattice": JSON.stringify(JSON.parse(readLines(vendored("lattice-access-log-entry.json")).join("\n"))),
  hubble: readLines(vendored("basic-sample-5-http-flows.json"))[4],
  "azure-nsg": '{"category":"NetworkSecurityGroupFlowEvent","resourceId":"/SUBSCRIPTIONS/X/NSG","properties":{"Version":2,"flows":[{"rule":"R","flows":[{"mac":"M","flowTuples":["1542110379,1.128.0.0,1.128.0.1,59932,443,T,O,A,E,1,66,1,66"]}]}]}}',
  "azure-vnet": '{"flowLogVersion":4,"targetResourceID":"/subscriptions/X/virtualNetworks/v","flowRecords":{"flows":[{"aclID":"a","flowGroups":[{"rule":"R","flowTuples":["1663146003606,216.160.83.56,81.2.69.142,36776,443,6,O,E,NX,22,2217,33,0"]}]}]}}',
};

function outcome(r: ParseResult): "flows" | "skipped" | "rejected" {
  if ("flows" in r) {
    for (const f of r.flows) expect(normalizedFlowSchema.safeParse(f).success).toBe(true);
    return "flows";
  }
  if ("skipped" in r) return "skipped";
  expect(r.rejected.reason.length).toBeGreaterThan(0);
  expect(r.rejected.reason.length).toBeLessThanOrEqual(300);
  return "rejected";
}

/** Deterministic PRNG (mulberry32) so a failing fuzz case reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(flowSourceKinds)("%s parser on hostile input", (kind) => {
  it("parses its good line (the baseline the mutations start from)", () => {
    expect(outcome(createParser(kind, opts).parseLine(GOOD[kind], 1))).toBe("flows");
  });

  it("skips empty and whitespace-only lines", () => {
    const p = createParser(kind, opts);
    expect(p.parseLine("", 1)).toEqual({ skipped: "blank" });
    expect(p.parseLine(" \t ", 2)).toEqual({ skipped: "blank" });
  });

  it.each([
    ["letters", "a".repeat(1_048_577)],
    ["an open JSON object", `{"flow":${"[".repeat(1_048_576)}`],
    ["spaces then data", `${" ".repeat(1_048_576)}${V2}`],
    ["a huge token", `2 ${"9".repeat(1_048_576)}`],
  ])("rejects a 1 MB line of %s quickly, and carries on", (_name, line) => {
    const p = createParser(kind, opts);
    const started = performance.now();
    const r = p.parseLine(line, 1);
    expect(performance.now() - started).toBeLessThan(500);
    expect(outcome(r)).toBe("rejected");
    expect(outcome(p.parseLine(GOOD[kind], 2))).toBe("flows");
  });

  it.each([
    ["binary garbage", "\u0000\u0001\u0002\u00ff\ufffd\ud800 \u0007\u001b[31m"],
    ["null", "null"],
    ["a number", "42"],
    ["a string", '"hello"'],
    ["an array", "[1,2,3]"],
    ["an object of the wrong shape", '{"level":"info","msg":"started"}'],
    ["huge numbers", '{"flow":{"time":"2021-06-16T16:52:13Z","IP":{"source":"10.0.0.1","destination":"10.0.0.2"},"l4":{"TCP":{"source_port":1e400}}},"sourceIpPort":"1.1.1.1:1","startTime":"2021-06-16T16:52:13Z","bytesSent":1e400}'],
    ["a truncated line", GOOD[kind].slice(0, Math.floor(GOOD[kind].length / 2))],
  ])("rejects %s with a reason", (_name, line) => {
    const p = createParser(kind, opts);
    expect(outcome(p.parseLine(line, 1))).toBe("rejected");
    expect(p.finish()).toBeNull(); // nothing left half-open
    expect(outcome(p.parseLine(GOOD[kind], 2))).toBe("flows");
  });

  it("never throws on 3,000 random mutations of a good line", () => {
    const random = rng(7);
    const alphabet = ' -:.,{}[]"0123456789abcdefxyzACCEPTREJECT\\\u0000\u00e9';
    const counts = { flows: 0, skipped: 0, rejected: 0 };
    for (let i = 0; i < 3000; i++) {
      const chars = [...GOOD[kind]];
      const edits = 1 + Math.floor(random() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        const op = random();
        if (op < 0.4) chars[at] = alphabet[Math.floor(random() * alphabet.length)];
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]);
      }
      const p = createParser(kind, opts);
      counts[outcome(p.parseLine(chars.join(""), i + 1))]++;
      const end = p.finish();
      if (end) expect(outcome(end)).toBe("rejected");
    }
    // Mutations hit both outcomes: the parser neither accepts everything nor refuses everything.
    expect(counts.flows).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });
});

describe("multi-line JSON records", () => {
  it("a truncated JSON line does not swallow the good lines after it", () => {
    const good = GOOD.hubble;
    const t = parseLines(createParser("hubble", opts), [good.slice(0, 200), good, good]);
    expect([t.rejectedLines, t.parsedLines]).toEqual([1, 2]);
  });

  it("a pretty-printed record cut off at the end of input is rejected by finish()", () => {
    const lines = readLines(vendored("lattice-access-log-entry.json")).slice(0, 20);
    const t = parseLines(createParser("aws-lattice", opts), lines);
    expect([t.parsedLines, t.rejectedLines]).toEqual([0, 1]);
    expect(t.rejections[0]).toEqual({ line: 1, reason: "JSON record opened at line 1 was never closed (truncated input)" });
  });

  it("an endless multi-line record is cut at the size limit, and parsing resumes", () => {
    const p = createParser("aws-lattice", { ...opts, maxLineChars: 100 });
    const results = [p.parseLine("{", 1)];
    for (let i = 2; i < 12; i++) results.push(p.parseLine(`  "k${i}": "${"v".repeat(40)}",`, i));
    const rejections = results.flatMap((r) => ("rejected" in r ? [r.rejected] : []));
    // lines 1-8 fit the 400-character record budget, line 9 overflows it and is reported under
    // the record's first line; lines 10 and 11 are orphans, each refused on its own
    expect(rejections[0]).toEqual({ line: 1, reason: "multi-line JSON record from line 1 exceeds 400 characters" });
    expect(rejections.slice(1).map((r) => r.line)).toEqual([10, 11]);
    expect(results.slice(0, 8).every((r) => "flows" in r && r.flows.length === 0)).toBe(true);
    expect(p.parseLine('{"sourceIpPort":"10.0.0.1:1","startTime":"2024-08-04T11:28:40Z"}', 12)).toMatchObject({ flows: [{ srcAddr: "10.0.0.1" }] });
  });

  it("braces inside strings do not confuse record boundaries", () => {
    const lines = ["{", '  "sourceIpPort": "10.0.0.1:5000",', '  "requestPath": "/a{b}[c]\\"}",', '  "startTime": "2024-08-04T11:28:40Z"', "}"];
    const t = parseLines(createParser("aws-lattice", opts), lines);
    expect([t.parsedLines, t.rejectedLines]).toEqual([1, 0]);
    expect(t.flows[0].l7Path).toBe('/a{b}[c]"}');
  });
});
