// Flows in, network aggregates and raw flows out. Enrichment first: a flow address the source
// gave no workload for gets the configured CIDR name; then FlowRollup (flow-rollup.ts) counts
// every flow into NetworkEdgeMinute rows, resolving addresses through the address map learned
// from spans and from Hubble's pod endpoints (a pod IP → its workload at the flow's time) before
// the source's own names.
import type { NormalizedFlow } from "@/lib/contracts/flow";
import type { NetworkEdgeMinute } from "@/lib/contracts/rollup";
import { ACCEPTED, type ConsumeResult, type Consumer, type FlowIntake } from "../pipeline/consumer";
import type { AddressMap } from "./address-map";
import type { CidrNames } from "./cidr";
import { ListeningSockets } from "./flow-direction";
import { FlowRollup } from "./flow-rollup";

export interface FlowProcessorOptions {
  addressMap: AddressMap;
  cidrNames: CidrNames;
  maxRawFlows: number;
  onRawFull: () => void;
  /**
   * Open rollup rows at which `onRowsFull` asks for a cut (default 50,000, about 14 MiB). Rows
   * are per address until someone names it, so a busy VPC source opens about one per line: at
   * 200 k lines/s a 5 s cut would reach the rollup's bound (200 k rows) and count the rest as
   * overflow. The cut must come between two intakes (the tail offsets it checkpoints must match
   * what the rollup holds), so the callback only schedules it.
   */
  rowsFullAt?: number;
  onRowsFull?: () => void;
}

const ROWS_FULL_AT = 50_000;

export class FlowProcessor implements Consumer<FlowIntake> {
  private rollup: FlowRollup;
  private raw: NormalizedFlow[] = [];
  private rejectedLines = 0;
  /** outlives the per-cut rollups: what one cut's handshakes taught orients the next's records */
  private readonly listeners = new ListeningSockets();

  constructor(private readonly options: FlowProcessorOptions) {
    this.rollup = this.newRollup();
  }

  get rawCount(): number {
    return this.raw.length;
  }

  /** Flows dropped because the rollup's row bound was reached (also counted as a drop reason). */
  get overflowed(): number {
    return this.rollup.overflowed;
  }

  admit(): ConsumeResult {
    return ACCEPTED;
  }

  consume(batch: FlowIntake): Promise<ConsumeResult> {
    const { cidrNames } = this.options;
    for (const flow of batch.flows) {
      if (cidrNames.size > 0) {
        flow.srcWorkload ??= cidrNames.lookup(flow.srcAddr);
        flow.dstWorkload ??= cidrNames.lookup(flow.dstAddr);
      }
      this.options.addressMap.learnFlow(flow);
      this.rollup.add(flow);
      this.raw.push(flow);
    }
    this.rejectedLines += batch.rejectedLines;
    if (this.raw.length >= this.options.maxRawFlows) this.options.onRawFull();
    if (this.rollup.size >= (this.options.rowsFullAt ?? ROWS_FULL_AT)) this.options.onRowsFull?.();
    return Promise.resolve(ACCEPTED);
  }

  /** Every row so far, open minutes included (the server's upserts merge repeated keys). */
  drainAggregates(): { networkEdgeMinutes: NetworkEdgeMinute[]; flowLinesRejected: number; overflowed: number } {
    const networkEdgeMinutes = this.rollup.drain();
    const overflowed = this.rollup.overflowed;
    // A fresh rollup per cut: its overflow counter and connection table start from zero.
    this.rollup = this.newRollup();
    const flowLinesRejected = this.rejectedLines;
    this.rejectedLines = 0;
    return { networkEdgeMinutes, flowLinesRejected, overflowed };
  }

  takeRaw(max = Number.POSITIVE_INFINITY): NormalizedFlow[] {
    if (this.raw.length <= max) {
      const all = this.raw;
      this.raw = [];
      return all;
    }
    return this.raw.splice(0, max);
  }

  private newRollup(): FlowRollup {
    const { addressMap } = this.options;
    return new FlowRollup({ resolveWorkload: (addr, atMs) => addressMap.lookup(addr, atMs), listeners: this.listeners });
  }
}
