// Turns planned calls into flow-log lines. Lattice entries are written per request; VPC and Hubble
// records are aggregated per connection per minute, so calls wait here until their minute closes.
// Lines go to a sink (files in production, arrays in tests), named by the folder layout:
//   aws-vpc-flow/vpc-<a|b>.log   aws-lattice/access.jsonl   hubble/<cluster>.jsonl
// A VPC file starts with its header line (the custom format's field names); a restarted
// simulator appending to an old file writes it again, which the parsers take as a new header.
import { groupConnections } from "./connections";
import { hubbleL7Lines } from "./hubble-l7-lines";
import { hubbleLines } from "./hubble-lines";
import { latticeLine } from "./lattice-lines";
import type { PlannedCall } from "./plan";
import type { TopologyDef } from "./topology";
import { VPC_FLOW_HEADER, vpcFlowLines } from "./vpc-flow-lines";

export type LineSink = (relativePath: string, lines: string[]) => void;

const MINUTE_MS = 60_000;

export class NetworkRecorder {
  private pending = new Map<number, PlannedCall[]>();
  private readonly stateful: Set<string>;
  private readonly headed = new Set<string>();

  constructor(
    private readonly topology: TopologyDef,
    private readonly sink: LineSink,
  ) {
    this.stateful = new Set(topology.backends.map((b) => b.name));
  }

  add(calls: PlannedCall[]): void {
    const lattice: string[] = [];
    for (const call of calls) {
      const minute = Math.floor(call.startMs / MINUTE_MS) * MINUTE_MS;
      let list = this.pending.get(minute);
      if (!list) this.pending.set(minute, (list = []));
      list.push(call);
      const l = latticeLine(call, this.topology);
      if (l) lattice.push(l);
    }
    if (lattice.length) this.sink("aws-lattice/access.jsonl", lattice);
  }

  /** Writes every minute that ended at or before `ms` (pass Infinity to flush all). */
  closeMinutesBefore(ms: number): void {
    const due = [...this.pending.keys()].filter((m) => m + MINUTE_MS <= ms).sort((a, b) => a - b);
    for (const minute of due) {
      const connections = groupConnections(this.pending.get(minute)!, minute);
      this.pending.delete(minute);
      // Hubble first, as in life (Hubble streams as it happens; VPC logs arrive minutes later): a
      // collector that reads a minute's VPC records has its Hubble flows too, which name the pods
      // (kafka's) that no span names.
      const l7 = hubbleL7Lines(connections, this.stateful, this.topology.region);
      for (const [cluster, lines] of hubbleLines(connections, this.stateful)) l7.set(cluster, [...lines, ...(l7.get(cluster) ?? [])]);
      for (const [cluster, lines] of l7) if (lines.length) this.sink(`hubble/${cluster}.jsonl`, lines);
      for (const [vpc, lines] of vpcFlowLines(connections, this.topology.region)) {
        if (!lines.length) continue;
        const file = `aws-vpc-flow/vpc-${vpc}.log`;
        if (!this.headed.has(file)) lines.unshift(VPC_FLOW_HEADER);
        this.headed.add(file);
        this.sink(file, lines);
      }
    }
  }
}
