// The interface a planning step receives: everything it needs from the trace being planned.
// Its own file so the step planners and the trace planner do not import each other.
import type { FaultSet } from "./fault-set";
import type { Placement } from "./instances";
import type { PlannedCall, Segment } from "./plan";
import type { Random } from "./random";
import type { Instance, ServiceDef, Step, TopologyDef } from "./topology";

export interface ServeRequest {
  service: string;
  operation: string;
  instance: Instance;
  startMs: number;
  parentSpanId: string | null;
  segment: Segment;
  /** address the server sees as its caller (pod IP, Lattice link-local, or a public client) */
  callerAddress: string;
  /** set for a message consumer: the producer span it continues */
  consumer?: { topic: string; partition: number; offset: number; broker: string; port: number; producerSpanId: string };
}

export interface ServeResult {
  endMs: number;
  failed: boolean;
  httpStatus: number;
  grpcCode: number;
}

/** Everything a planning step needs; one per trace. */
export interface TraceBuilder {
  topology: TopologyDef;
  placement: Placement;
  faults: FaultSet;
  rand: Random;
  traceId: string;
  segments: Segment[];
  calls: PlannedCall[];
  service(name: string): ServiceDef;
  serve(req: ServeRequest): ServeResult;
  runStep(step: Step, caller: Instance, t: number, parentSpanId: string, segment: Segment): { endMs: number; failed: boolean };
  versionOf(service: string, t: number): string;
  nextOffset(topic: string): number;
}
