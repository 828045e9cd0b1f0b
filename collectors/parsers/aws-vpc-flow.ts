// AWS VPC Flow Logs and Transit Gateway flow logs (space-separated text records, FORMATS.md §1).
// Stateful per stream: a header line fixes the field order of the lines after it; without one
// the configured order is used, else the order is picked by token count (aws-vpc-fields.ts).
import type { FlowVerdict, NormalizedFlow } from "@/lib/contracts/flow";
import { HEADERLESS_LAYOUTS, VPC_FIELDS, isHeaderLine, splitFormatString } from "./aws-vpc-fields";
import { checkFlowTime, describeUintError, parseUintAt } from "./field-values";
import { isIpAddress } from "./ip-address";
import { nowFrom, rejected, type FlowParser, type ParseResult, type ParserOptions } from "./parse-result";

/** A record with every v8 field and long ECS ARNs is ~1.5 KB; anything past 16 KiB is not a record. */
const DEFAULT_MAX_LINE_CHARS = 16_384;
const MAX_COUNT = Number.MAX_SAFE_INTEGER;
const MAX_EPOCH_S = Math.floor(Number.MAX_SAFE_INTEGER / 1000);
/** AWS aggregates at most 10 minutes per record; an hour leaves room without admitting garbage. */
const MAX_WINDOW_MS = 3_600_000;

/** Fields mapped onto NormalizedFlow columns; all others go to attributes. */
const CORE = [
  "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes",
  "start", "end", "action", "log-status", "vpc-id", "subnet-id", "tcp-flags", "pkt-srcaddr", "pkt-dstaddr",
  "region", "flow-direction", "reject-reason", "tgw-id", "tgw-attachment-id", "tgw-src-vpc-id", "tgw-src-subnet-id",
] as const;
type CoreField = (typeof CORE)[number];
const PACKETS_LOST = ["packets-lost-no-route", "packets-lost-blackhole", "packets-lost-mtu-exceeded", "packets-lost-ttl-expired"];

interface Layout {
  count: number;
  /** where the order came from, for rejection messages */
  origin: string;
  at: Record<CoreField, number>;
  extras: { index: number; name: string; int: boolean }[];
  /** packets-lost-* columns of TGW records (also kept in attributes) */
  lost: { index: number; name: string }[];
  /** Transit Gateway records: no action, observer is the attachment, losses in packets-lost-* */
  transitGateway: boolean;
  /** set when this order cannot yield flows (no address fields, duplicates) */
  unusable: string | null;
}

function compileLayout(names: readonly string[], origin: string): Layout {
  const at = Object.fromEntries(CORE.map((f) => [f, -1])) as Record<CoreField, number>;
  const extras: Layout["extras"] = [];
  const seen = new Set<string>();
  let unusable: string | null = null;
  names.forEach((name, index) => {
    if (seen.has(name)) unusable ??= `field '${name}' appears twice in the ${origin}`;
    seen.add(name);
    if ((CORE as readonly string[]).includes(name)) at[name as CoreField] = index;
    else extras.push({ index, name, int: Object.hasOwn(VPC_FIELDS, name) && VPC_FIELDS[name].type === "int" });
  });
  if (at.srcaddr < 0 && at["pkt-srcaddr"] < 0) unusable ??= `the ${origin} has neither srcaddr nor pkt-srcaddr`;
  if (at.dstaddr < 0 && at["pkt-dstaddr"] < 0) unusable ??= `the ${origin} has neither dstaddr nor pkt-dstaddr`;
  const transitGateway = at["tgw-id"] >= 0 || at["tgw-attachment-id"] >= 0;
  const lost = extras.filter((e) => PACKETS_LOST.includes(e.name));
  return { count: names.length, origin, at, extras, lost, transitGateway, unusable };
}

const HEADERLESS = new Map([...HEADERLESS_LAYOUTS].map(([n, l]) => [n, compileLayout(l.fields.split(" "), `${l.name} layout (chosen by token count)`)]));
const KNOWN_COUNTS = [...HEADERLESS.keys()].join(", ");

/** Thrown (not an Error: no stack capture) to reject the current line from deep inside a helper. */
class RecordError {
  constructor(readonly reason: string) {}
}

/**
 * Where each token of the current line starts and ends, as `line.split(" ")` would cut it (empty
 * tokens included). The line is read in place: numbers are parsed from its characters and only
 * the values a flow keeps become strings. A v2 line used to cost an array and 14 strings before
 * the flow itself, most of them garbage at once (the VPC path is GC-bound, collectors/README.md).
 */
class Tokens {
  line = "";
  count = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  scan(line: string): void {
    this.line = line;
    let n = 0;
    let from = 0;
    for (;;) {
      if (n === this.starts.length) this.grow();
      const space = line.indexOf(" ", from);
      this.starts[n] = from;
      this.ends[n] = space < 0 ? line.length : space;
      n++;
      if (space < 0) break;
      from = space + 1;
    }
    this.count = n;
  }

  text(i: number): string {
    return this.line.slice(this.starts[i], this.ends[i]);
  }

  /** "-": not applicable */
  isDash(i: number): boolean {
    return this.ends[i] - this.starts[i] === 1 && this.line.charCodeAt(this.starts[i]) === 45;
  }

  is(i: number, word: string): boolean {
    const start = this.starts[i];
    return this.ends[i] - start === word.length && this.line.startsWith(word, start);
  }

  uint(i: number, max: number): number | null {
    return parseUintAt(this.line, this.starts[i], this.ends[i], max);
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

export function createVpcFlowParser(options: ParserOptions = {}): FlowParser {
  const now = nowFrom(options);
  const maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  let layout: Layout | null = null;
  if (options.vpcFields !== undefined) {
    layout = compileLayout(splitFormatString(options.vpcFields), "configured format");
    // A bad configured format is a config error: fail at start-up, not once per line.
    if (layout.unusable) throw new Error(`vpcFields: ${layout.unusable}`);
  }
  const tokens = new Tokens();

  return {
    kind: "aws-vpc-flow",
    finish: () => null,
    parseLine(raw: string, lineNo: number): ParseResult {
      if (raw.length > maxLineChars) return rejected(lineNo, `line is ${raw.length} characters, over the ${maxLineChars} limit`);
      const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw; // CRLF files
      const first = line.charCodeAt(0);
      if (first >= 97 && first <= 122) {
        const names = line.split(" ");
        if (isHeaderLine(names)) {
          layout = compileLayout(names, `header line ${lineNo}`);
          return { skipped: "header" };
        }
      }
      tokens.scan(line);
      const active = layout ?? HEADERLESS.get(tokens.count) ?? null;
      if (active === null || tokens.count !== active.count) {
        // Runs of spaces or tabs (hand-edited or re-exported files): tokenise again, linearly.
        const retokenised = line.trim().split(/[ \t]+/);
        if (retokenised.length === 1 && retokenised[0] === "") return { skipped: "blank" };
        tokens.scan(retokenised.join(" "));
      }
      const chosen = layout ?? HEADERLESS.get(tokens.count) ?? null;
      if (chosen === null) {
        return rejected(lineNo, `${tokens.count} fields, no header line or configured format, and no known VPC flow log layout has ${tokens.count} fields (known: ${KNOWN_COUNTS})`);
      }
      if (chosen.unusable) return rejected(lineNo, chosen.unusable);
      if (tokens.count !== chosen.count) return rejected(lineNo, `expected ${chosen.count} fields (${chosen.origin}), got ${tokens.count}`);
      try {
        return toResult(tokens, chosen, now());
      } catch (e) {
        if (e instanceof RecordError) return rejected(lineNo, e.reason);
        throw e;
      }
    },
  };
}

function toResult(t: Tokens, layout: Layout, nowMs: number): ParseResult {
  const at = layout.at;
  const statusAt = at["log-status"];
  if (statusAt >= 0) {
    // NODATA / SKIPDATA are status markers for the capture window, not flows, whatever the other
    // fields say (Elastic's synthetic samples fill them in; AWS writes "-").
    if (t.is(statusAt, "NODATA")) return { skipped: "NODATA" };
    if (t.is(statusAt, "SKIPDATA")) return { skipped: "SKIPDATA" };
    if (!t.is(statusAt, "OK") && !t.isDash(statusAt)) throw new RecordError(`log-status: '${clip(t.text(statusAt))}' is not OK, NODATA or SKIPDATA`);
  }

  const attributes: NormalizedFlow["attributes"] = {};
  const srcEni = address(t, at.srcaddr, "srcaddr");
  const dstEni = address(t, at.dstaddr, "dstaddr");
  const pktSrc = address(t, at["pkt-srcaddr"], "pkt-srcaddr");
  const pktDst = address(t, at["pkt-dstaddr"], "pkt-dstaddr");
  const srcAddr = pktSrc ?? srcEni;
  const dstAddr = pktDst ?? dstEni;
  if (srcAddr === null) throw new RecordError("no source address (srcaddr and pkt-srcaddr are '-' or absent)");
  if (dstAddr === null) throw new RecordError("no destination address (dstaddr and pkt-dstaddr are '-' or absent)");
  // Through a NAT gateway or for EKS pods the ENI address differs from the packet's: keep it.
  if (pktSrc !== null && srcEni !== null && srcEni !== pktSrc) attributes.srcaddr = srcEni;
  if (pktDst !== null && dstEni !== null && dstEni !== pktDst) attributes.dstaddr = dstEni;

  const startS = int(t, at.start, "start", MAX_EPOCH_S);
  const endS = int(t, at.end, "end", MAX_EPOCH_S);
  let startMs: number;
  let endMs: number;
  if (startS === null) {
    // Custom formats may omit start/end (Elastic's NAT gateway sample): the best time we have is now.
    startMs = endMs = nowMs;
    attributes.timeFromIngest = true;
  } else {
    startMs = startS * 1000;
    endMs = endS === null ? startMs : endS * 1000;
    const bad = checkFlowTime("start", startMs, nowMs) ?? checkFlowTime("end", endMs, nowMs);
    if (bad) throw new RecordError(bad);
    if (endMs < startMs) throw new RecordError(`end ${endS} is before start ${startS}`);
    if (endMs - startMs > MAX_WINDOW_MS) throw new RecordError(`start ${startS} to end ${endS} spans more than an hour; VPC records cover at most 10 minutes`);
  }

  let verdict: FlowVerdict;
  let reason = str(t, at["reject-reason"]);
  if (layout.transitGateway) {
    // A TGW record has no action: traffic crossed the gateway unless packets were lost on the way.
    const lost: string[] = [];
    for (const { index, name } of layout.lost) {
      const n = int(t, index, name, MAX_COUNT);
      if (n) lost.push(`${name}=${n}`);
    }
    verdict = lost.length > 0 ? "drop" : "accept";
    reason ??= lost.length > 0 ? lost.join(",") : null;
    const tgwId = str(t, at["tgw-id"]);
    if (tgwId !== null) attributes["tgw-id"] = tgwId; // the observer is the attachment; keep the gateway
  } else {
    const actionAt = at.action;
    if (actionAt < 0 || t.isDash(actionAt)) verdict = "other"; // the format does not say
    else if (t.is(actionAt, "ACCEPT")) verdict = "accept";
    else if (t.is(actionAt, "REJECT")) verdict = "reject";
    else throw new RecordError(`action: '${clip(t.text(actionAt))}' is not ACCEPT or REJECT`);
  }

  const directionAt = at["flow-direction"];
  let direction: "ingress" | "egress" | null = null;
  if (directionAt >= 0 && !t.isDash(directionAt)) {
    if (t.is(directionAt, "ingress")) direction = "ingress";
    else if (t.is(directionAt, "egress")) direction = "egress";
    else throw new RecordError(`flow-direction: '${clip(t.text(directionAt))}' is not ingress or egress`);
  }
  for (const extra of layout.extras) {
    if (t.isDash(extra.index)) continue; // "-" = not applicable: say nothing rather than store nulls
    attributes[extra.name] = extra.int ? int(t, extra.index, extra.name, MAX_COUNT) : t.text(extra.index);
  }
  const accountAt = at["account-id"];
  const accountId = accountAt < 0 || t.isDash(accountAt) || t.is(accountAt, "unknown") ? null : t.text(accountAt);

  return {
    flows: [
      {
        sourceKind: "aws-vpc-flow",
        observer: layout.transitGateway ? (str(t, at["tgw-attachment-id"]) ?? str(t, at["tgw-id"])) : str(t, at["interface-id"]),
        srcAddr,
        dstAddr,
        srcPort: int(t, at.srcport, "srcport", 65535),
        dstPort: int(t, at.dstport, "dstport", 65535),
        protocol: int(t, at.protocol, "protocol", 255),
        bytes: int(t, at.bytes, "bytes", MAX_COUNT) ?? 0,
        packets: int(t, at.packets, "packets", MAX_COUNT) ?? 0,
        startMs,
        endMs,
        verdict,
        reason,
        tcpFlags: int(t, at["tcp-flags"], "tcp-flags", 255),
        direction,
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
        vpcId: str(t, at["vpc-id"]) ?? str(t, at["tgw-src-vpc-id"]),
        subnetId: str(t, at["subnet-id"]) ?? str(t, at["tgw-src-subnet-id"]),
        accountId,
        region: str(t, at.region),
        attributes,
      },
    ],
  };
}

function str(t: Tokens, i: number): string | null {
  if (i < 0 || t.isDash(i)) return null;
  return t.text(i);
}

function int(t: Tokens, i: number, field: string, max: number): number | null {
  if (i < 0 || t.isDash(i)) return null;
  const v = t.uint(i, max);
  if (v === null) throw new RecordError(describeUintError(field, t.text(i), max));
  return v;
}

function address(t: Tokens, i: number, field: string): string | null {
  const v = str(t, i);
  if (v !== null && !isIpAddress(v)) throw new RecordError(`${field}: '${clip(v)}' is not an IP address`);
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}
