// Flow-log load: a file of AWS VPC Flow Logs v2 lines (varied addresses, ports and counters,
// no two alike), and the in-process baselines measured on the same lines: reading and splitting
// the file, and running the VPC parser over it without any agent around it.
import fs from "node:fs";
import { createParser } from "@/collectors/parsers";

export function vpcLines(n: number, startSec: number, first = 0): string {
  const out: string[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const i = first + j;
    const start = startSec + (i % 600);
    out[j] =
      `2 123456789010 eni-0${(i % 97).toString(16).padStart(16, "0")} 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} ` +
      `10.2.0.${1 + (i % 20)} ${1024 + (i % 60000)} ${[443, 80, 5432, 6379][i % 4]} 6 ${1 + (i % 50)} ${40 + i * 13} ` +
      `${start} ${start + 60} ${i % 10 === 0 ? "REJECT" : "ACCEPT"} OK`;
  }
  return `${out.join("\n")}\n`;
}

/** Lines/s of reading the file and splitting it into lines: the I/O floor. */
export function readSplitRate(file: string): number {
  const t0 = performance.now();
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return (lines.length - 1) / ((performance.now() - t0) / 1000);
}

/** Lines/s of the VPC parser alone over the file's lines (already in memory). */
export function parseOnlyRate(file: string): number {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines.pop();
  const parser = createParser("aws-vpc-flow");
  const t0 = performance.now();
  let flows = 0;
  for (let i = 0; i < lines.length; i++) {
    const r = parser.parseLine(lines[i], i + 1);
    if ("flows" in r) flows += r.flows.length;
  }
  const rate = lines.length / ((performance.now() - t0) / 1000);
  if (flows !== lines.length) throw new Error(`parser baseline kept ${flows} of ${lines.length} flows`);
  return rate;
}
