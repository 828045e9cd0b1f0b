// Aggregates NormalizedFlow into NetworkEdgeMinute rows: one row per minute per
// (source workload, destination workload, destination port, protocol). Runs in the agent on every
// flow, before any sampling, so the per-minute counts are exact (DESIGN.md "Rollups are exact").
//
// Decisions, and why:
// - Minute = the minute of the flow's START. A VPC record spans up to 10 minutes (≤ 1 on Nitro);
//   spreading its bytes over those minutes would invent a time profile the source never gave, and
//   counting it in each minute would multiply `flows`. One flow → one row keeps every count exact
//   and re-playable; the cost is a shift of at most one aggregation interval.
// - Answers are folded into the request's direction (flow-direction.ts decides which records
//   are answers: Hubble's is_reply, else TCP handshake flags, learned listening sockets, then
//   ports). An answer's source is the server, so src/dst and ports are swapped: the row is
//   client → server:serverPort, and a 503 response counts against the edge that made the request.
//   An answer's bytes and packets are ADDED to the edge's (the contract's row has one bytes and
//   one packets figure, not a "bytes back" column): an edge's volume is the conversation's, both
//   ways, as Hubble's folded replies always were. `flows` counts records, answers included.
//   Only the rollup folds: the raw flow rows stay as logged (they are the evidence).
// - Workload names: the pluggable resolver (address map, valid at the flow's time) first, then the
//   name the source itself gave (Hubble endpoints, Lattice service), qualified "namespace/name"
//   when a namespace is known, then the raw address. An address the resolver knows when its
//   flow arrives is named at once (rows stay per workload, as few as before). One it does not
//   know yet is counted per (address, own name) and resolved again when the row is DRAINED:
//   flow files are tailed side by side, so a VPC record may be read before the Hubble line or
//   span that names its address, and resolving late lets everything read before the cut count
//   under the name. Such a row is resolved at the time of its first flow in the minute.
// - Retransmits are loss SIGNALS, per TCP connection (unordered address:port pair) per minute:
//     +1 when a RST was seen (once, however many records or observation points show it);
//     +n−1 when the same SYN-without-ACK was seen n>1 times at the same observation point
//        (Hubble: a retransmitted SYN; a SYN seen once at FROM_ENDPOINT and once at TO_ENDPOINT
//        is one packet, not a retransmission);
//     +1 when a SYN was seen but nothing on the connection carried ACK within the minute (no
//        SYN-ACK, no client ACK: the handshake was never answered) and the SYN was not rejected
//        by policy (rejects are counted as rejects). VPC tcp-flags are OR-ed per record and
//        record only FIN, SYN, RST and SYN-ACK (18), so a client record of a healthy connection
//        is "SYN" or "SYN+FIN": the answer shows on the reverse record (18), which the same ENI
//        logs in the same window. Hubble sees single packets: the SYN-ACK, or the client's ACK
//        when the SYN-ACK was observed on another node.
//   A handshake split across a minute boundary can raise a false "no SYN-ACK"; accepted.
// - l7Errors: HTTP status ≥ 500 (Hubble responses, Lattice), Lattice 403 (auth denials), and DNS
//   SERVFAIL (rcode 2) — NXDOMAIN is routine under Kubernetes search paths and does not count.
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { NetworkEdgeMinute } from "@/lib/contracts/rollup";
import { addNetworkCounts } from "@/lib/rollup/merge-rollups";
import { isAnswer, ListeningSockets } from "./flow-direction";
import { FlowRowStore, type UnnamedSide } from "./flow-row-store";

export type WorkloadResolver = (addr: string, atMs: number) => string | null;

export interface FlowRollupOptions {
  resolveWorkload?: WorkloadResolver;
  /** Bound on open rows; flows that would open one more are counted in `overflowed`, not kept. */
  maxRows?: number;
  /** Bound on tracked TCP connections (for retransmit signals); beyond it they go untracked. */
  maxConnections?: number;
  /** Listening sockets learned from handshakes; pass one that outlives the rollup so later
   *  records without handshake flags are oriented by what earlier ones taught. */
  listeners?: ListeningSockets;
}

const MINUTE_MS = 60_000;
const MAX_NAME = 512;
const TCP = 6;
const SYN = 2;
const RST = 4;
const ACK = 16;
const SYN_ACK = SYN | ACK;

interface Connection {
  minuteMs: number;
  rst: boolean;
  /** some record or packet of the connection carried ACK: the handshake was answered */
  acked: boolean;
  /** SYN-without-ACK sightings per observation point */
  synSightings: Map<string, number>;
  /** row (in the row store) credited with this connection's signals: the SYN's edge, else the first RST's */
  row: number;
  synRow: boolean;
  synRejected: boolean;
}

export class FlowRollup {
  private rows = new FlowRowStore();
  private readonly connections = new Map<string, Connection>();
  private readonly resolve: WorkloadResolver;
  private readonly maxRows: number;
  private readonly maxConnections: number;
  private readonly listeners: ListeningSockets;
  private overflowCount = 0;
  private untrackedCount = 0;

  constructor(options: FlowRollupOptions = {}) {
    this.resolve = options.resolveWorkload ?? (() => null);
    this.maxRows = options.maxRows ?? 200_000;
    this.maxConnections = options.maxConnections ?? 500_000;
    this.listeners = options.listeners ?? new ListeningSockets();
  }

  /** Flows dropped because maxRows was reached (reported, never silent). */
  get overflowed(): number {
    return this.overflowCount;
  }

  /** TCP connections not tracked for retransmit signals because maxConnections was reached. */
  get untrackedConnections(): number {
    return this.untrackedCount;
  }

  get size(): number {
    return this.rows.size;
  }

  add(flow: NormalizedFlow): void {
    const reply = isAnswer(flow, this.listeners);
    const srcAddr = reply ? flow.dstAddr : flow.srcAddr;
    const dstAddr = reply ? flow.srcAddr : flow.dstAddr;
    const minuteMs = Math.floor(flow.startMs / MINUTE_MS) * MINUTE_MS;
    const srcName = bounded(this.resolve(srcAddr, flow.startMs));
    const dstName = bounded(this.resolve(dstAddr, flow.startMs));
    const dstPort = clamp((reply ? flow.srcPort : flow.dstPort) ?? 0, 65535);
    const protocol = clamp(flow.protocol ?? 0, 255);
    // a known side is its name; an unknown one its address and own name (see SideTable)
    const srcOwn = srcName === null ? ownName(reply ? flow.dstWorkload : flow.srcWorkload, reply ? flow.dstNamespace : flow.srcNamespace) : null;
    const dstOwn = dstName === null ? ownName(reply ? flow.srcWorkload : flow.dstWorkload, reply ? flow.srcNamespace : flow.dstNamespace) : null;
    const rows = this.rows;
    const sides = rows.sides;
    let src = srcName !== null ? sides.findNamed(srcName) : sides.findUnnamed(srcAddr, srcOwn);
    let dst = dstName !== null ? sides.findNamed(dstName) : sides.findUnnamed(dstAddr, dstOwn);
    let row = rows.find(minuteMs, dstPort, protocol, src, dst);
    if (row < 0) {
      if (rows.size >= this.maxRows) {
        this.overflowCount++;
        return;
      }
      if (src < 0) src = srcName !== null ? sides.internNamed(srcName) : sides.internUnnamed(srcAddr, srcOwn);
      if (dst < 0) dst = dstName !== null ? sides.internNamed(dstName) : sides.internUnnamed(dstAddr, dstOwn);
      row = rows.open(minuteMs, dstPort, protocol, src, dst, flow.startMs);
    }
    rows.flows[row]++;
    rows.bytes[row] += flow.bytes;
    rows.packets[row] += flow.packets;
    if (flow.verdict === "reject") rows.rejects[row]++;
    else if (flow.verdict === "drop" || flow.verdict === "error") rows.drops[row]++;
    if (isL7Error(flow)) rows.l7Errors[row]++;
    if (flow.protocol === TCP && flow.tcpFlags !== null) this.track(flow, minuteMs, row);
  }

  /**
   * Removes and returns the rows of minutes before `beforeMs` (every row when omitted), with
   * their retransmit signals settled. Call it once a minute is closed (e.g. now − delivery delay).
   */
  drain(beforeMs = Number.POSITIVE_INFINITY): NetworkEdgeMinute[] {
    const rows = this.rows;
    for (const [key, c] of this.connections) {
      if (c.minuteMs >= beforeMs) continue;
      rows.retransmits[c.row] += retransmitSignals(c);
      this.connections.delete(key);
    }
    const out: NetworkEdgeMinute[] = [];
    const kept: number[] = [];
    const sides = rows.sides;
    let namedLate = false;
    for (let row = 0; row < rows.size; row++) {
      const minuteMs = rows.minuteMs[row];
      if (minuteMs >= beforeMs) {
        kept.push(row);
        continue;
      }
      const src = rows.src[row];
      const dst = rows.dst[row];
      const srcName = sides.name(src);
      const dstName = sides.name(dst);
      if (srcName === null || dstName === null) namedLate = true;
      out.push({
        minuteMs,
        srcWorkload: srcName ?? this.name(sides.unnamedSide(src)!, rows.atMs[row]),
        dstWorkload: dstName ?? this.name(sides.unnamedSide(dst)!, rows.atMs[row]),
        dstPort: rows.dstPort[row],
        protocol: rows.protocol[row],
        flows: rows.flows[row],
        bytes: rows.bytes[row],
        packets: rows.packets[row],
        rejects: rows.rejects[row],
        drops: rows.drops[row],
        retransmits: rows.retransmits[row],
        l7Errors: rows.l7Errors[row],
      });
    }
    this.keepOnly(kept);
    out.sort(compareEdges);
    // Rows named late may now share their edge with another row: sorted, such rows are adjacent.
    return namedLate ? mergeAdjacent(out) : out;
  }

  /** A fresh row store holding only the rows `kept` (of minutes not drained), connections renumbered. */
  private keepOnly(kept: number[]): void {
    const old = this.rows;
    this.rows = new FlowRowStore();
    if (kept.length === 0) return;
    const renumbered = new Map<number, number>();
    for (const from of kept) {
      const src = this.rows.sides.copyFrom(old.sides, old.src[from]);
      const dst = this.rows.sides.copyFrom(old.sides, old.dst[from]);
      const to = this.rows.open(old.minuteMs[from], old.dstPort[from], old.protocol[from], src, dst, old.atMs[from]);
      renumbered.set(from, to);
      this.rows.flows[to] = old.flows[from];
      this.rows.bytes[to] = old.bytes[from];
      this.rows.packets[to] = old.packets[from];
      this.rows.rejects[to] = old.rejects[from];
      this.rows.drops[to] = old.drops[from];
      this.rows.retransmits[to] = old.retransmits[from];
      this.rows.l7Errors[to] = old.l7Errors[from];
    }
    // Connections left are of minutes not drained, and so are their rows.
    for (const c of this.connections.values()) c.row = renumbered.get(c.row) ?? c.row;
  }

  /** The name of a side not named when its row opened, resolved at the time of the row's first flow. */
  private name(side: UnnamedSide, atMs: number): string {
    const name = this.resolve(side.address, atMs) || side.own || side.address;
    return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
  }

  private track(flow: NormalizedFlow, minuteMs: number, row: number): void {
    const flags = flow.tcpFlags ?? 0;
    const a = `${flow.srcAddr}:${flow.srcPort ?? 0}`;
    const b = `${flow.dstAddr}:${flow.dstPort ?? 0}`;
    const key = `${minuteMs}\u0000${a < b ? a : b}\u0000${a < b ? b : a}`;
    let c = this.connections.get(key);
    if (c === undefined) {
      if (this.connections.size >= this.maxConnections) {
        this.untrackedCount++;
        return;
      }
      c = { minuteMs, rst: false, acked: false, synSightings: new Map(), row, synRow: false, synRejected: false };
      this.connections.set(key, c);
    }
    if (flags & RST) c.rst = true;
    if (flags & ACK) c.acked = true;
    if ((flags & SYN_ACK) === SYN) {
      if (!c.synRow) {
        c.row = row;
        c.synRow = true;
      }
      if (flow.verdict === "reject") c.synRejected = true;
      const at = `${flow.observer ?? ""}\u0000${flow.attributes.trace_observation_point ?? ""}\u0000${a}`;
      c.synSightings.set(at, (c.synSightings.get(at) ?? 0) + 1);
    }
  }
}

function retransmitSignals(c: Connection): number {
  let n = c.rst ? 1 : 0;
  let most = 0;
  for (const count of c.synSightings.values()) most = Math.max(most, count);
  if (most > 1) n += most - 1; // the same SYN seen again at the same point: retransmitted
  if (most > 0 && !c.acked && !c.synRejected) n++; // handshake never answered
  return n;
}

function isL7Error(flow: NormalizedFlow): boolean {
  const status = flow.l7Status;
  if (status === null) return false;
  if (flow.l7Protocol === "dns") return status === 2; // SERVFAIL
  if (status >= 500) return true;
  return flow.sourceKind === "aws-lattice" && status === 403;
}

/** A resolver's answer cut to the contract's 512 characters; "" and null: unknown. */
function bounded(name: string | null): string | null {
  if (!name) return null;
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
}

/** The source's own name for a side, "namespace/name" when it gave a namespace. */
function ownName(workload: string | null, namespace: string | null): string | null {
  if (!workload) return null;
  return namespace ? `${namespace}/${workload}` : workload;
}

function clamp(n: number, max: number): number {
  return Math.min(Math.max(Math.trunc(n), 0), max);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEdges(a: NetworkEdgeMinute, b: NetworkEdgeMinute): number {
  return a.minuteMs - b.minuteMs || cmp(a.srcWorkload, b.srcWorkload) || cmp(a.dstWorkload, b.dstWorkload) || a.dstPort - b.dstPort || a.protocol - b.protocol;
}

/** Sorted rows with equal keys merged into the first of them (counts added). */
function mergeAdjacent(sorted: NetworkEdgeMinute[]): NetworkEdgeMinute[] {
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    const into = kept > 0 ? sorted[kept - 1] : null;
    if (into === null || compareEdges(into, e) !== 0) {
      sorted[kept++] = e;
      continue;
    }
    addNetworkCounts(into, e);
  }
  sorted.length = kept;
  return sorted;
}

/** One-shot convenience: every flow in, every row out. */
export function rollupFlows(flows: Iterable<NormalizedFlow>, options: FlowRollupOptions = {}): NetworkEdgeMinute[] {
  const rollup = new FlowRollup(options);
  for (const f of flows) rollup.add(f);
  return rollup.drain();
}
