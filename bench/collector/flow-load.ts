// Flow-log load: files of AWS VPC Flow Logs v2 lines, and the in-process baselines measured on
// the same lines: reading and splitting the file, and running the VPC parser over it without
// any agent around it. Two workloads:
//   unique  every line has its own client address (the hard case: nothing aggregates, the
//           per-minute rollup opens a row per line);
//   pooled  a cluster's traffic: clients from a bounded pool of pods, each calling two of the
//           services, ephemeral ports varying per connection, and every request record followed
//           by its answer record (the ENI logs both directions), so rows repeat within a minute.
import fs from "node:fs";
import { createParser } from "@/collectors/parsers";

export type FlowWorkload = "unique" | "pooled";

/** Client pods of the pooled workload: "a cluster has hundreds to thousands of pods". */
export const POOLED_CLIENTS = 1000;
const SERVICES = 20;
const SERVICE_PORTS = [443, 80, 5432, 6379, 8080];

export function flowLines(workload: FlowWorkload, n: number, startSec: number, first = 0): string {
  return workload === "pooled" ? pooledVpcLines(n, startSec, first) : vpcLines(n, startSec, first);
}

/**
 * Line i of the pooled workload. Request records (even i) go client → service port; the next
 * line is the answer, service port → client. Log time advances one second every 1,000 lines
 * (500 new connections a second, wrapping after 10 minutes), so a minute holds 60 k lines over
 * at most 2,000 (client, service) pairs: the rollup folds about 30 lines into a row.
 */
export function pooledVpcLines(n: number, startSec: number, first = 0): string {
  const out: string[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const i = first + j;
    const call = i >> 1;
    const client = Math.imul(call, 2654435761) >>> 22; // 0..1023, scattered
    const pod = client % POOLED_CLIENTS;
    const service = (call & 1) === 0 ? pod % SERVICES : (pod * 7 + 3) % SERVICES;
    const clientAddr = `10.1.${pod >> 8}.${pod & 255}`;
    const serviceAddr = `10.2.0.${1 + service}`;
    const servicePort = SERVICE_PORTS[service % SERVICE_PORTS.length];
    const ephemeral = 32768 + ((call * 7919) % 28000);
    const start = startSec + (Math.floor(call / 500) % 600);
    const answer = (i & 1) === 1;
    const [src, dst, srcPort, dstPort] = answer ? [serviceAddr, clientAddr, servicePort, ephemeral] : [clientAddr, serviceAddr, ephemeral, servicePort];
    out[j] =
      `2 123456789010 eni-0${(pod % 97).toString(16).padStart(16, "0")} ${src} ${dst} ${srcPort} ${dstPort} 6 ${1 + (call % 50)} ${40 + call * 13} ` +
      `${start} ${start + 60} ${call % 50 === 0 ? "REJECT" : "ACCEPT"} OK`;
  }
  return `${out.join("\n")}\n`;
}

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
