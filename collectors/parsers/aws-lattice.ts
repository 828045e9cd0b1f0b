// Amazon VPC Lattice access logs (VpcLatticeAccessLogs, one JSON object per request, FORMATS.md §2).
// One record = one HTTP/gRPC request through a Lattice service; it becomes one flow with L7 fields.
import type { FlowVerdict, NormalizedFlow } from "@/lib/contracts/flow";
import { checkFlowTime, parseRfc3339Ms } from "./field-values";
import { isIPv4, isIPv6 } from "./ip-address";
import { FieldError, isObject, str, type JsonObject } from "./json-fields";
import { createJsonLineParser } from "./json-line-parser";
import { nowFrom, type FlowParser, type ParseResult, type ParserOptions } from "./parse-result";

const DEFAULT_MAX_LINE_CHARS = 65_536; // a record is ~2 KB; user agents and paths are bounded by Lattice
const MAX_DURATION_MS = 86_400_000;

/** Keys consumed into NormalizedFlow columns; every other non-"-" scalar goes to attributes. */
const MAPPED = new Set(["startTime", "serviceArn", "sourceVpcId", "sourceIpPort", "targetIpPort", "protocol", "requestMethod", "requestPath", "responseCode", "duration"]);

export function createLatticeParser(options: ParserOptions = {}): FlowParser {
  const now = nowFrom(options);
  return createJsonLineParser("aws-lattice", options, DEFAULT_MAX_LINE_CHARS, (record) => toResult(record, now()));
}

function toResult(record: unknown, nowMs: number): ParseResult {
  if (!isObject(record) || typeof record.sourceIpPort !== "string") {
    throw new FieldError("not a VPC Lattice access log record (no sourceIpPort string)");
  }
  const source = splitIpPort(record.sourceIpPort);
  if (source === null) throw new FieldError(`sourceIpPort: '${clip(record.sourceIpPort)}' is not ip:port`);
  const targetRaw = dash(str(record, "targetIpPort", "targetIpPort"));
  const target = targetRaw === null ? null : splitIpPort(targetRaw);
  if (targetRaw !== null && target === null) throw new FieldError(`targetIpPort: '${clip(targetRaw)}' is not ip:port`);

  const startRaw = str(record, "startTime", "startTime");
  const startMs = startRaw === undefined ? null : parseRfc3339Ms(startRaw);
  if (startMs === null) throw new FieldError(`startTime: ${JSON.stringify(startRaw ?? null).slice(0, 40)} is not an RFC 3339 time`);
  const badTime = checkFlowTime("startTime", startMs, nowMs);
  if (badTime) throw new FieldError(badTime);
  const durationMs = number(record, "duration", MAX_DURATION_MS);

  const failureReason = dash(str(record, "failureReason", "failureReason"));
  const authDeniedReason = dash(str(record, "authDeniedReason", "authDeniedReason"));
  const authDenied = authDeniedReason !== null || failureReason === "ClientAccessDenied";
  // Denied by an auth policy → reject; failed without reaching a target → error; else the
  // request was forwarded and its outcome is the target's (responseCode).
  const verdict: FlowVerdict = authDenied ? "reject" : failureReason !== null && target === null ? "error" : "accept";
  const reason =
    failureReason !== null && authDeniedReason !== null
      ? `${failureReason} (authDeniedReason: ${authDeniedReason})`
      : (failureReason ?? (authDeniedReason !== null ? `authDeniedReason: ${authDeniedReason}` : null));

  const serviceArn = dash(str(record, "serviceArn", "serviceArn"));
  // arn:aws:vpc-lattice:<region>:<account>:service/<svc-id>
  const arn = serviceArn?.split(":") ?? [];
  const serviceId = arn[5]?.startsWith("service/") ? arn[5].slice("service/".length) : null;

  const attributes: NormalizedFlow["attributes"] = {};
  for (const key in record) {
    if (MAPPED.has(key)) continue;
    const v = record[key];
    if ((typeof v === "string" && v !== "-") || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) {
      attributes[key] = v;
    }
  }
  const bytesReceived = number(record, "bytesReceived", Number.MAX_SAFE_INTEGER) ?? 0;
  const bytesSent = number(record, "bytesSent", Number.MAX_SAFE_INTEGER) ?? 0;
  const status = number(record, "responseCode", 999);
  const path = dash(str(record, "requestPath", "requestPath"));

  return {
    flows: [
      {
        sourceKind: "aws-lattice",
        observer: serviceArn,
        srcAddr: source.addr,
        // Not forwarded (denied, no healthy target): the service itself is the only destination we know.
        dstAddr: target?.addr ?? serviceId ?? "unknown",
        srcPort: source.port,
        dstPort: target?.port ?? null,
        protocol: 6, // Lattice listeners are HTTP, HTTPS, gRPC or TLS: always TCP underneath
        bytes: Math.round(bytesReceived + bytesSent),
        packets: 0, // Lattice does not count packets
        startMs,
        endMs: startMs + Math.round(durationMs ?? 0),
        verdict,
        reason,
        tcpFlags: null,
        direction: null,
        srcWorkload: null,
        dstWorkload: serviceId,
        srcNamespace: null,
        dstNamespace: null,
        l7Protocol: dash(str(record, "protocol", "protocol")),
        l7Method: dash(str(record, "requestMethod", "requestMethod")),
        // Query strings dropped: unbounded cardinality, and they carry tokens.
        l7Path: path === null ? null : path.split("?", 1)[0],
        l7Status: status === null ? null : Math.round(status),
        l7LatencyUs: durationMs === null ? null : Math.round(durationMs * 1000),
        traceId: null,
        vpcId: dash(str(record, "sourceVpcId", "sourceVpcId")),
        subnetId: null,
        accountId: arn[4] || null,
        region: arn[3] || null,
        attributes,
      },
    ],
  };
}

/** Number (or numeric string) in 0..max; "-" and absent are null. Fractions allowed (durations). */
function number(record: JsonObject, key: string, max: number): number | null {
  const v = record[key];
  if (v === undefined || v === null || v === "-") return null;
  const n = typeof v === "string" && /^\d{1,16}(\.\d{1,9})?$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0 || n > max) {
    throw new FieldError(`${key}: ${JSON.stringify(v).slice(0, 40)} is not a number in 0..${max}`);
  }
  return n;
}

function dash(v: string | undefined): string | null {
  return v === undefined || v === "-" || v === "" ? null : v;
}

/**
 * "10.0.0.1:80", "[::1]:443", and the unbracketed "2001:db8::1:443" (taken as address + port
 * when the part before the last colon is itself a valid IPv6 address — the only reading that
 * leaves a port).
 */
export function splitIpPort(s: string): { addr: string; port: number } | null {
  if (s.length > 60) return null;
  let addr: string;
  let portText: string;
  if (s.startsWith("[")) {
    const close = s.indexOf("]:");
    if (close < 0) return null;
    addr = s.slice(1, close);
    portText = s.slice(close + 2);
    if (!isIPv6(addr)) return null;
  } else {
    const colon = s.lastIndexOf(":");
    if (colon < 0) return null;
    addr = s.slice(0, colon);
    portText = s.slice(colon + 1);
    if (!isIPv4(addr) && !isIPv6(addr)) return null;
  }
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  return port <= 65535 ? { addr, port } : null;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}...` : s;
}
