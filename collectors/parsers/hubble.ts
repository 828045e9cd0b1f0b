// Cilium Hubble flows: `hubble observe -o json` lines ({"flow":{…},"node_name":…,"time":…}) or
// bare flow.Flow objects (FORMATS.md §3). One event = one flow; Hubble has no byte counts.
import type { FlowVerdict, NormalizedFlow } from "@/lib/contracts/flow";
import { checkFlowTime, parseRfc3339Ms } from "./field-values";
import { readEndpoint } from "./hubble-endpoint";
import { isIpAddress } from "./ip-address";
import { FieldError, bool, isObject, obj, str, uint, type JsonObject } from "./json-fields";
import { createJsonLineParser } from "./json-line-parser";
import { nowFrom, type FlowParser, type ParseResult, type ParserOptions } from "./parse-result";

/** Lines with many HTTP headers reach a few KB; 256 KiB is far beyond any real flow. */
const DEFAULT_MAX_LINE_CHARS = 262_144;

/** DROPPED for these reasons is a policy decision (→ reject); any other drop reason → drop. */
const POLICY_DROP_REASONS = new Set(["POLICY_DENIED", "POLICY_DENY", "AUTH_REQUIRED", "DENIED_BY_LB_SRC_RANGE_CHECK"]);
/** The same by deprecated numeric drop_reason, for flows that carry only the number. */
const POLICY_DROP_CODES = new Map([[133, "POLICY_DENIED"], [181, "POLICY_DENY"], [189, "AUTH_REQUIRED"], [177, "DENIED_BY_LB_SRC_RANGE_CHECK"]]);

const L4_PROTOCOLS = { TCP: 6, UDP: 17, ICMPv4: 1, ICMPv6: 58, SCTP: 132 } as const;
/** VPC Flow Logs bit positions, so both sources share one tcpFlags meaning. NS has no VPC bit. */
const TCP_FLAG_BITS = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 } as const;

export function createHubbleParser(options: ParserOptions = {}): FlowParser {
  const now = nowFrom(options);
  return createJsonLineParser("hubble", options, DEFAULT_MAX_LINE_CHARS, (record) => toResult(record, now()));
}

function toResult(record: unknown, nowMs: number): ParseResult {
  if (!isObject(record)) throw new FieldError("not a Hubble flow: expected a JSON object");
  let flow: JsonObject;
  if (isObject(record.flow)) flow = record.flow;
  else if ("verdict" in record || "IP" in record || "l4" in record) flow = record;
  else if ("node_status" in record || "lost_events" in record) return { skipped: "non-flow-event" };
  else throw new FieldError("not a Hubble flow: no 'flow' object and no flow fields (verdict, IP, l4) at top level");

  const ip = obj(flow, "IP", "IP");
  if (ip === undefined) return { skipped: "non-ip-flow" };
  const srcAddr = str(ip, "source", "IP.source") ?? "";
  const dstAddr = str(ip, "destination", "IP.destination") ?? "";
  if (!isIpAddress(srcAddr)) throw new FieldError(`IP.source: '${srcAddr.slice(0, 45)}' is not an IP address`);
  if (!isIpAddress(dstAddr)) throw new FieldError(`IP.destination: '${dstAddr.slice(0, 45)}' is not an IP address`);

  const timeRaw = str(flow, "time", "time") ?? str(record, "time", "time");
  const timeMs = timeRaw === undefined ? null : parseRfc3339Ms(timeRaw);
  if (timeMs === null) throw new FieldError(`time: ${JSON.stringify(timeRaw ?? null).slice(0, 40)} is not an RFC 3339 time`);
  const badTime = checkFlowTime("time", timeMs, nowMs);
  if (badTime) throw new FieldError(badTime);

  const attributes: NormalizedFlow["attributes"] = {};
  const verdictRaw = str(flow, "verdict", "verdict") ?? "VERDICT_UNKNOWN";
  attributes.verdict = verdictRaw;
  const { verdict, reason } = mapVerdict(flow, verdictRaw);

  let protocol: number | null = null;
  let srcPort: number | null = null;
  let dstPort: number | null = null;
  let tcpFlags: number | null = null;
  const l4 = obj(flow, "l4", "l4");
  if (l4 !== undefined) {
    for (const name of Object.keys(L4_PROTOCOLS) as (keyof typeof L4_PROTOCOLS)[]) {
      const layer = obj(l4, name, `l4.${name}`);
      if (layer === undefined) continue;
      protocol = L4_PROTOCOLS[name];
      if (name === "ICMPv4" || name === "ICMPv6") {
        attributes["icmp.type"] = uint(layer, "type", `l4.${name}.type`, 255) ?? 0; // proto3 omits zeros
        attributes["icmp.code"] = uint(layer, "code", `l4.${name}.code`, 255) ?? 0;
      } else {
        srcPort = uint(layer, "source_port", `l4.${name}.source_port`, 65535) ?? 0;
        dstPort = uint(layer, "destination_port", `l4.${name}.destination_port`, 65535) ?? 0;
      }
      if (name === "TCP") tcpFlags = readTcpFlags(layer);
      break;
    }
  }

  const type = str(flow, "Type", "Type") ?? null;
  if (type) attributes.Type = type;
  const l7 = obj(flow, "l7", "l7");
  const l7Type = l7 ? (str(l7, "type", "l7.type") ?? null) : null;
  if (l7Type) attributes.l7Type = l7Type;
  // Replies are marked, not dropped: the rollup attributes them to the request's direction.
  const isReply = bool(flow, "is_reply", "is_reply") ?? bool(flow, "reply", "reply") ?? (l7Type === "RESPONSE" ? true : undefined);
  if (isReply !== undefined) attributes.isReply = isReply;
  const l7Fields = l7 ? readL7(l7, l7Type, attributes) : null;

  const src = readEndpoint(flow, "source");
  const dst = readEndpoint(flow, "destination");
  if (src.pod) attributes["source.pod_name"] = src.pod;
  if (dst.pod) attributes["destination.pod_name"] = dst.pod;
  if (src.identity !== null) attributes["source.identity"] = src.identity;
  if (dst.identity !== null) attributes["destination.identity"] = dst.identity;
  if (src.reserved) attributes["source.reserved"] = src.reserved;
  if (dst.reserved) attributes["destination.reserved"] = dst.reserved;
  copyString(flow, "trace_observation_point", attributes);
  copyString(flow, "uuid", attributes);
  const srcService = obj(flow, "source_service", "source_service");
  const dstService = obj(flow, "destination_service", "destination_service");
  if (srcService) attributes["source_service.name"] = str(srcService, "name", "source_service.name") ?? null;
  if (dstService) attributes["destination_service.name"] = str(dstService, "name", "destination_service.name") ?? null;

  const trafficDirection = str(flow, "traffic_direction", "traffic_direction");
  const traceId = readTraceId(flow);

  return {
    flows: [
      {
        sourceKind: "hubble",
        observer: str(flow, "node_name", "node_name") ?? str(record, "node_name", "node_name") ?? null,
        srcAddr,
        dstAddr,
        srcPort,
        dstPort,
        protocol,
        bytes: 0, // Hubble reports events, not byte counts
        packets: type === "L3_L4" ? 1 : 0, // an L3/L4 trace or drop event is one packet
        startMs: timeMs,
        endMs: timeMs,
        verdict,
        reason,
        tcpFlags,
        // Cilium's traffic_direction is the direction of the connection relative to the endpoint,
        // already flipped for reply packets, so it is the same for a request and its reply.
        direction: trafficDirection === "INGRESS" ? "ingress" : trafficDirection === "EGRESS" ? "egress" : null,
        srcWorkload: src.workload,
        dstWorkload: dst.workload,
        srcNamespace: src.namespace,
        dstNamespace: dst.namespace,
        l7Protocol: l7Fields?.protocol ?? null,
        l7Method: l7Fields?.method ?? null,
        l7Path: l7Fields?.path ?? null,
        l7Status: l7Fields?.status ?? null,
        l7LatencyUs: l7Fields?.latencyUs ?? null,
        traceId,
        vpcId: null,
        subnetId: null,
        accountId: null,
        region: null,
        attributes,
      },
    ],
  };
}

function mapVerdict(flow: JsonObject, verdictRaw: string): { verdict: FlowVerdict; reason: string | null } {
  switch (verdictRaw) {
    case "FORWARDED":
      return { verdict: "accept", reason: null };
    case "DROPPED": {
      const code = uint(flow, "drop_reason", "drop_reason", 0xffffffff);
      const desc = str(flow, "drop_reason_desc", "drop_reason_desc") ?? (code !== undefined ? (POLICY_DROP_CODES.get(code) ?? `drop_reason ${code}`) : null);
      const policy = desc !== null && POLICY_DROP_REASONS.has(desc);
      return { verdict: policy ? "reject" : "drop", reason: desc };
    }
    case "ERROR":
      return { verdict: "error", reason: str(flow, "drop_reason_desc", "drop_reason_desc") ?? null };
    default: // AUDIT, REDIRECTED, TRACED, TRANSLATED, VERDICT_UNKNOWN: observations, not outcomes
      return { verdict: "other", reason: null };
  }
}

/** null when the event carries no flags object (L7 records): unknown, not "no flags". */
function readTcpFlags(tcp: JsonObject): number | null {
  const flags = obj(tcp, "flags", "l4.TCP.flags");
  if (flags === undefined) return null;
  let bits = 0;
  for (const name of Object.keys(TCP_FLAG_BITS) as (keyof typeof TCP_FLAG_BITS)[]) {
    if (bool(flags, name, `l4.TCP.flags.${name}`)) bits |= TCP_FLAG_BITS[name];
  }
  return bits;
}

interface L7Fields {
  protocol: string;
  method: string | null;
  path: string | null;
  status: number | null;
  latencyUs: number | null;
}

function readL7(l7: JsonObject, l7Type: string | null, attributes: NormalizedFlow["attributes"]): L7Fields | null {
  const latencyNs = uint(l7, "latency_ns", "l7.latency_ns", Number.MAX_SAFE_INTEGER);
  const latencyUs = latencyNs === undefined ? null : Math.round(latencyNs / 1000);
  const http = obj(l7, "http", "l7.http");
  if (http) {
    copyString(http, "protocol", attributes, "http.protocol");
    const url = str(http, "url", "l7.http.url");
    return {
      protocol: "http",
      method: str(http, "method", "l7.http.method") ?? null,
      path: url === undefined ? null : urlPath(url),
      status: uint(http, "code", "l7.http.code", 999) ?? null,
      latencyUs,
    };
  }
  const dns = obj(l7, "dns", "l7.dns");
  if (dns) {
    copyString(dns, "query", attributes, "dns.query");
    if (Array.isArray(dns.qtypes)) attributes["dns.qtypes"] = dns.qtypes.filter((q) => typeof q === "string").join(",");
    const rcode = uint(dns, "rcode", "l7.dns.rcode", 65535);
    // proto3 JSON omits zero values: a response without rcode is NOERROR (0); a request has none.
    return { protocol: "dns", method: null, path: null, status: rcode ?? (l7Type === "RESPONSE" ? 0 : null), latencyUs };
  }
  if (obj(l7, "kafka", "l7.kafka")) return { protocol: "kafka", method: null, path: null, status: null, latencyUs };
  return null;
}

/** Path of an absolute or relative URL, without query or fragment (cardinality; tokens live there). */
export function urlPath(url: string): string {
  const scheme = url.indexOf("://");
  const start = scheme < 0 ? 0 : url.indexOf("/", scheme + 3);
  if (start < 0) return "/";
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q >= 0) end = q;
  const h = url.indexOf("#", start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end) || "/";
}

function readTraceId(flow: JsonObject): string | null {
  const ctx = obj(flow, "trace_context", "trace_context");
  const parent = ctx ? obj(ctx, "parent", "trace_context.parent") : undefined;
  const id = parent ? str(parent, "trace_id", "trace_context.parent.trace_id") : undefined;
  return id !== undefined && /^[0-9a-fA-F]{32}$/.test(id) ? id.toLowerCase() : null;
}

function copyString(from: JsonObject, key: string, attributes: NormalizedFlow["attributes"], as: string = key): void {
  const v = from[key];
  if (typeof v === "string" && v !== "") attributes[as] = v;
}
