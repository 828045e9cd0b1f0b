// Azure Network Watcher flow logs: NSG flow logs v1/v2 and VNet flow logs v4. One JSON record
// (or a {"records":[…]} blob) holds many comma-separated flow tuples; each tuple is one flow.
// A bad tuple is reported in partialRejections while the good ones of the same line are kept.
import type { FlowRejection, FlowSourceKind, FlowVerdict, NormalizedFlow } from "@/lib/contracts/flow";
import { checkFlowTime, parseUint } from "./field-values";
import { isIpAddress } from "./ip-address";
import { FieldError, isObject } from "./json-fields";
import { createJsonLineParser } from "./json-line-parser";
import { nowFrom, rejected, type FlowParser, type ParseResult, type ParserOptions } from "./parse-result";

/** Azure writes a blob per hour; a line can carry a whole record with thousands of tuples. */
const DEFAULT_MAX_LINE_CHARS = 1_048_576;

interface Group {
  kind: FlowSourceKind;
  observer: string | null;
  rule: string | null;
  mac: string | null;
  aclID: string | null;
  tuples: unknown[];
  path: string;
}

export function createAzureParser(kind: "azure-nsg" | "azure-vnet", options: ParserOptions = {}): FlowParser {
  const now = nowFrom(options);
  return createJsonLineParser(kind, options, DEFAULT_MAX_LINE_CHARS, (record, lineNo) => toResult(record, lineNo, now()));
}

function toResult(input: unknown, lineNo: number, nowMs: number): ParseResult {
  const records = isObject(input) && Array.isArray(input.records) ? input.records : [input];
  const groups: Group[] = [];
  const problems: FlowRejection[] = [];
  records.forEach((r, i) => {
    const path = records.length > 1 || r !== input ? `records[${i}]` : "record";
    if (!collectGroups(r, path, groups)) problems.push({ line: lineNo, reason: `${path}: not an NSG (properties.flows) or VNet (flowRecords.flows) flow log record` });
  });
  const flows: NormalizedFlow[] = [];
  for (const g of groups) {
    g.tuples.forEach((tuple, i) => {
      const result = typeof tuple === "string" ? tupleToFlow(tuple, g, nowMs) : "not a string";
      if (typeof result === "string") problems.push({ line: lineNo, reason: `${g.path}.flowTuples[${i}]: ${result}` });
      else flows.push(result);
    });
  }
  if (flows.length === 0 && problems.length > 0) return rejected(lineNo, problems[0].reason + (problems.length > 1 ? ` (+${problems.length - 1} more)` : ""));
  return problems.length > 0 ? { flows, partialRejections: problems.slice(0, 20) } : { flows };
}

/** Walks the two record shapes down to their tuple lists; false when the record is neither. */
function collectGroups(r: unknown, path: string, out: Group[]): boolean {
  if (!isObject(r)) return false;
  const nsgFlows = isObject(r.properties) ? r.properties.flows : undefined;
  if (Array.isArray(nsgFlows)) {
    const observer = text(r.resourceId);
    nsgFlows.forEach((ruleEntry, i) => {
      if (!isObject(ruleEntry) || !Array.isArray(ruleEntry.flows)) throw new FieldError(`${path}.properties.flows[${i}]: expected {rule, flows[]}`);
      ruleEntry.flows.forEach((macEntry, j) => {
        if (!isObject(macEntry) || !Array.isArray(macEntry.flowTuples)) throw new FieldError(`${path}.properties.flows[${i}].flows[${j}]: expected {mac, flowTuples[]}`);
        out.push({ kind: "azure-nsg", observer, rule: text(ruleEntry.rule), mac: text(macEntry.mac), aclID: null, tuples: macEntry.flowTuples, path: `${path}.properties.flows[${i}].flows[${j}]` });
      });
    });
    return true;
  }
  const vnetFlows = isObject(r.flowRecords) ? r.flowRecords.flows : undefined;
  if (Array.isArray(vnetFlows)) {
    const observer = text(r.targetResourceID) ?? text(r.flowLogResourceID);
    vnetFlows.forEach((acl, i) => {
      if (!isObject(acl) || !Array.isArray(acl.flowGroups)) throw new FieldError(`${path}.flowRecords.flows[${i}]: expected {aclID, flowGroups[]}`);
      acl.flowGroups.forEach((group, j) => {
        if (!isObject(group) || !Array.isArray(group.flowTuples)) throw new FieldError(`${path}.flowRecords.flows[${i}].flowGroups[${j}]: expected {rule, flowTuples[]}`);
        out.push({ kind: "azure-vnet", observer, rule: text(group.rule), mac: text(r.macAddress), aclID: text(acl.aclID), tuples: group.flowTuples, path: `${path}.flowRecords.flows[${i}].flowGroups[${j}]` });
      });
    });
    return true;
  }
  return false;
}

/**
 * NSG v2: ts(s),src,dst,sport,dport,proto(T|U),dir(I|O),decision(A|D),state(B|C|E),pkts→,bytes→,pkts←,bytes←
 * NSG v1: the first 8 of those. VNet v4: ts(ms),src,dst,sport,dport,proto(number),dir,state(B|C|E|D),
 * encryption,pkts→,bytes→,pkts←,bytes←. Returns the flow or the reason it is unusable.
 */
function tupleToFlow(tuple: string, g: Group, nowMs: number): NormalizedFlow | string {
  const f = tuple.split(",");
  const vnet = g.kind === "azure-vnet";
  if (vnet ? f.length !== 13 : f.length !== 8 && f.length !== 13) return `${f.length} fields, expected ${vnet ? 13 : "8 or 13"}`;
  const ts = parseUint(f[0], Number.MAX_SAFE_INTEGER);
  if (ts === null) return `timestamp '${f[0].slice(0, 20)}' is not an integer`;
  const startMs = vnet ? ts : ts * 1000;
  const badTime = checkFlowTime("timestamp", startMs, nowMs);
  if (badTime) return badTime;
  if (!isIpAddress(f[1]) || !isIpAddress(f[2])) return `address '${f[1].slice(0, 45)}' or '${f[2].slice(0, 45)}' is not an IP address`;
  const srcPort = parseUint(f[3], 65535);
  const dstPort = parseUint(f[4], 65535);
  if (srcPort === null || dstPort === null) return `port '${f[3].slice(0, 10)}' or '${f[4].slice(0, 10)}' is not in 0..65535`;
  const protocol = f[5] === "T" ? 6 : f[5] === "U" ? 17 : parseUint(f[5], 255);
  if (protocol === null) return `protocol '${f[5].slice(0, 10)}' is not T, U or 0..255`;
  if (f[6] !== "I" && f[6] !== "O") return `direction '${f[6].slice(0, 10)}' is not I or O`;
  const state = vnet ? f[7] : f[8];
  const denied = vnet ? state === "D" : f[7] === "D";
  if (!vnet && f[7] !== "A" && f[7] !== "D") return `decision '${f[7].slice(0, 10)}' is not A or D`;
  // Counters are empty on "B" (begin) tuples and absent in v1.
  const counters = f.length === 13 ? f.slice(9).map((c) => (c === "" ? 0 : parseUint(c, Number.MAX_SAFE_INTEGER))) : [0, 0, 0, 0];
  if (counters.some((c) => c === null)) return `packet/byte counters '${f.slice(9).join(",").slice(0, 60)}' are not non-negative integers`;
  const [pktsOut, bytesOut, pktsIn, bytesIn] = counters as number[];
  const verdict: FlowVerdict = denied ? "reject" : "accept";
  const attributes: NormalizedFlow["attributes"] = {};
  if (g.rule) attributes.rule = g.rule;
  if (g.mac) attributes.mac = g.mac;
  if (g.aclID) attributes.aclID = g.aclID;
  if (state) attributes.flowState = state;
  if (vnet && f[8]) attributes.encryption = f[8];
  return {
    sourceKind: g.kind,
    observer: g.observer,
    srcAddr: f[1],
    dstAddr: f[2],
    srcPort,
    dstPort,
    protocol,
    bytes: bytesOut + bytesIn,
    packets: pktsOut + pktsIn,
    startMs,
    endMs: startMs,
    verdict,
    reason: denied ? g.rule : null,
    tcpFlags: null,
    direction: f[6] === "I" ? "ingress" : "egress",
    srcWorkload: null,
    dstWorkload: null,
    srcNamespace: null,
    dstNamespace: null,
    l7Protocol: null,
    l7Method: null,
    l7Path: null,
    l7Status: null,
    l7LatencyUs: null,
    traceId: null,
    vpcId: vnet ? (/\/virtualNetworks\/([^/]+)/i.exec(g.observer ?? "")?.[1] ?? null) : null,
    subnetId: null,
    accountId: /^\/subscriptions\/([^/]+)/i.exec(g.observer ?? "")?.[1]?.toLowerCase() ?? null,
    region: null,
    attributes,
  };
}

function text(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

