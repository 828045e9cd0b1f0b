// Flow-log parser throughput on one core, each figure beside a baseline measured in the same
// run (so the ratio survives a slower or busier machine). Goal: ≥ 200,000 VPC lines/s.
// Run: npx tsx bench/flow-parse.ts [vpcLines=300000] [hubbleLines=100000]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createParser } from "../collectors/parsers/index";
import { FlowRollup } from "../collectors/processors/flow-rollup";

const vpcCount = Number(process.argv[2] ?? 300_000);
const hubbleCount = Number(process.argv[3] ?? 100_000);
const NOW = Date.parse("2026-01-01T00:00:00Z");

/** Default-format v2 records with varied addresses, ports and counters (no two lines alike). */
function vpcLines(n: number): string[] {
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = 1_755_678_600 + (i % 3600);
    out[i] =
      `2 123456789010 eni-0${(i % 97).toString(16).padStart(16, "0")} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} ` +
      `172.31.${i % 200}.${(i * 7) % 250} ${1024 + (i % 60000)} ${[443, 80, 5432, 6379][i % 4]} 6 ${1 + (i % 50)} ${40 + i * 13} ` +
      `${start} ${start + 60} ${i % 10 === 0 ? "REJECT" : "ACCEPT"} OK`;
  }
  return out;
}

function hubbleLines(n: number): string[] {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../collectors/parsers/testdata");
  const sample = ["basic-sample-10-flows.json", "basic-sample-5-http-flows.json", "basic-sample-5-dns-flows.json"].flatMap((f) =>
    fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l.startsWith("{")),
  );
  return Array.from({ length: n }, (_, i) => sample[i % sample.length]);
}

/** Best of three timed passes after a warm-up pass, in lines per second. */
function rate(lines: string[], run: (lines: string[]) => number): { perSecond: number; check: number } {
  let check = run(lines.slice(0, Math.min(lines.length, 50_000)));
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    const started = process.hrtime.bigint();
    check = run(lines);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { perSecond: lines.length / best, check };
}

const splitOnly = (lines: string[]) => {
  let n = 0;
  for (const l of lines) n += l.split(" ").length;
  return n;
};
const jsonOnly = (lines: string[]) => {
  let n = 0;
  for (const l of lines) n += (JSON.parse(l) as object) ? 1 : 0;
  return n;
};
const parseAll = (kind: "aws-vpc-flow" | "hubble") => (lines: string[]) => {
  const parser = createParser(kind, { nowMs: NOW });
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    const r = parser.parseLine(lines[i], i + 1);
    if ("flows" in r) n += r.flows.length;
  }
  return n;
};
// The address map resolves addresses to a few hundred workloads in real clusters; unique raw
// addresses as names would measure map growth, not the rollup.
const resolveWorkload = (addr: string) => `workload-${addr.length + addr.charCodeAt(addr.length - 1) * 3}`;
const parseAndRollUp = (lines: string[]) => {
  const parser = createParser("aws-vpc-flow", { nowMs: NOW });
  const rollup = new FlowRollup({ resolveWorkload });
  for (let i = 0; i < lines.length; i++) {
    const r = parser.parseLine(lines[i], i + 1);
    if ("flows" in r) for (const f of r.flows) rollup.add(f);
  }
  return rollup.drain().length;
};

const vpc = vpcLines(vpcCount);
const hubble = hubbleLines(hubbleCount);
const rows: [string, number, number][] = [];
const vpcBase = rate(vpc, splitOnly);
const vpcParse = rate(vpc, parseAll("aws-vpc-flow"));
if (vpcParse.check !== vpc.length) throw new Error(`VPC: ${vpcParse.check} flows from ${vpc.length} lines`);
const vpcRollup = rate(vpc, parseAndRollUp);
rows.push(["VPC default v2: line.split(\" \") baseline", vpcBase.perSecond, 1]);
rows.push(["VPC default v2: parseLine", vpcParse.perSecond, vpcParse.perSecond / vpcBase.perSecond]);
rows.push(["VPC default v2: parseLine + FlowRollup.add", vpcRollup.perSecond, vpcRollup.perSecond / vpcBase.perSecond]);
const hubbleBase = rate(hubble, jsonOnly);
const hubbleParse = rate(hubble, parseAll("hubble"));
if (hubbleParse.check !== hubble.length) throw new Error(`Hubble: ${hubbleParse.check} flows from ${hubble.length} lines`);
rows.push(["Hubble observe JSON: JSON.parse baseline", hubbleBase.perSecond, 1]);
rows.push(["Hubble observe JSON: parseLine", hubbleParse.perSecond, hubbleParse.perSecond / hubbleBase.perSecond]);

console.log(`node ${process.version}, ${vpc.length} VPC lines, ${hubble.length} Hubble lines (avg ${Math.round(hubble.reduce((n, l) => n + l.length, 0) / hubble.length)} chars), one thread`);
for (const [name, perSecond, ratio] of rows) {
  console.log(`${name.padEnd(48)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} lines/s   ${ratio.toFixed(2)}× baseline`);
}
const goal = 200_000;
console.log(`VPC goal ${goal.toLocaleString("en-US")} lines/s: ${vpcParse.perSecond >= goal ? "met" : "NOT met"}`);
