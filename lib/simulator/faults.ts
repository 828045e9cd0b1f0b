// The fault catalogue and the set of faults in force. Each fault carries its ground truth (layer,
// target, start/end) for the root-cause benchmark, and answers the planner's questions ("how much
// slower is risk-scoring at t?"). Pure: no clock, times are passed in.
import type { FaultLayer, FaultTarget } from "../contracts/demo";

export const faultNames = [
  "operation-error",
  "service-latency",
  "slow-database",
  "network-reject",
  "lattice-auth-deny",
  "packet-loss",
  "bad-deploy",
  "retry-storm",
  "consumer-lag",
] as const;
export type FaultName = (typeof faultNames)[number];

// Layer and target are the contract's (lib/contracts/demo.ts): the ground truth is read by the
// root-cause benchmark and the demo panel with the same schema.
export type { FaultLayer, FaultTarget };

export interface Fault {
  id: string;
  name: FaultName;
  layer: FaultLayer;
  target: FaultTarget;
  startMs: number;
  endMs: number;
  description: string;
  /** what a root-cause tool should find in the data */
  signals: string[];
}

interface Catalogue {
  layer: FaultLayer;
  defaultTarget: string;
  description: string;
  signals: string[];
}

export const faultCatalogue: Record<FaultName, Catalogue> = {
  "operation-error": { layer: "application", defaultTarget: "accounts:GET /accounts/{id}", description: "one operation of one service fails half of its requests with 500", signals: ["server spans of the operation with status ERROR and exception events", "errors propagate to its callers", "Hubble L7 responses with 5xx on the callers' edges"] },
  "service-latency": { layer: "service", defaultTarget: "risk-scoring", description: "every operation of the service is ~250 ms slower", signals: ["server span durations of the service rise", "callers' latency rises by the same amount"] },
  "slow-database": { layer: "service", defaultTarget: "postgres", description: "database queries take ~15x longer, some hit the statement timeout", signals: ["database client spans slow", "some db spans fail with statement timeout"] },
  "network-reject": { layer: "network", defaultTarget: "payments->cards", description: "a security group / network policy drops the client's connections", signals: ["client spans time out with no server span", "VPC REJECT records (ingress at the server's ENI, tcp-flags SYN only)", "Hubble DROPPED POLICY_DENIED with repeated SYN"] },
  "lattice-auth-deny": { layer: "network", defaultTarget: "payments->fraud-check", description: "the Lattice auth policy denies the caller", signals: ["client spans get 403, no server span", "Lattice access logs 403 with authDeniedReason"] },
  "packet-loss": { layer: "network", defaultTarget: "payments->accounts", description: "packet loss on the path: retransmissions delay requests", signals: ["client span latency rises while server spans stay fast", "repeated SYN and RST in Hubble", "RST in VPC tcp-flags, more packets per byte", "Hubble L7 latency (measured at the client) rises"] },
  "bad-deploy": { layer: "application", defaultTarget: "ledger", description: "a new service.version that fails a third of its requests", signals: ["new service.version on the service's spans", "errors start with the new version"] },
  "retry-storm": { layer: "service", defaultTarget: "fx-rates", description: "outage, then on recovery the caller fleet retries without backoff and overloads the small service", signals: ["503s during the outage", "after it: call rate to the service multiplies, its latency and 503s rise"] },
  "consumer-lag": { layer: "service", defaultTarget: "ledger-writer", description: "a consumer group falls behind: queue time grows while the fault lasts", signals: ["time between producer end and consumer start grows"] },
};

export function isFaultName(name: string): name is FaultName {
  return (faultNames as readonly string[]).includes(name);
}

/** "a->b" edges, "service:operation", or a service name, as the CLI and control API take them. */
export function parseTarget(name: FaultName, raw: string | undefined): FaultTarget {
  const text = raw ?? faultCatalogue[name].defaultTarget;
  if (text.includes("->")) {
    const [client, server] = text.split("->").map((s) => s.trim());
    return { edge: { client, server } };
  }
  const colon = text.indexOf(":");
  if (colon > 0) return { service: text.slice(0, colon), operation: text.slice(colon + 1) };
  return { service: text };
}

export function describeTarget(target: FaultTarget): string {
  if (target.edge) return `${target.edge.client}->${target.edge.server}`;
  return target.operation ? `${target.service}:${target.operation}` : (target.service ?? "");
}

/** Versions a bad deploy rolls out: the minor number bumped. */
export function nextVersion(version: string): string {
  const [major, minor] = version.split(".").map((n) => Number.parseInt(n, 10) || 0);
  return `${major}.${minor + 1}.0`;
}
