// Builds a Fault (with its ground truth) from a request, checking the target against the topology
// so a typo fails loudly instead of silently injecting nothing.
import { faultCatalogue, isFaultName, nextVersion, parseTarget, type Fault } from "./faults";
import type { TopologyDef } from "./topology";

export interface FaultRequest {
  name: string;
  /** "service", "service:operation" or "client->server"; the catalogue's default when omitted */
  target?: string;
  durationMs?: number;
  /** defaults to now; a past time replays the fault in the backfill */
  startMs?: number;
}

export const DEFAULT_FAULT_MS = 5 * 60_000;

function callsOf(topology: TopologyDef, client: string): Set<string> {
  const out = new Set<string>();
  const svc = topology.services.find((s) => s.name === client);
  for (const op of svc?.operations ?? []) for (const step of op.steps) if (step.kind === "call") out.add(step.service);
  return out;
}

export function buildFault(topology: TopologyDef, req: FaultRequest, id: string, nowMs: number): Fault {
  if (!isFaultName(req.name)) throw new Error(`unknown fault "${req.name}"; one of: ${Object.keys(faultCatalogue).join(", ")}`);
  const name = req.name;
  const entry = faultCatalogue[name];
  const target = parseTarget(name, req.target);
  const service = (n: string) => topology.services.find((s) => s.name === n);
  const needsEdge = name === "network-reject" || name === "lattice-auth-deny" || name === "packet-loss";
  if (needsEdge) {
    const e = target.edge;
    if (!e || !service(e.client) || !callsOf(topology, e.client).has(e.server)) throw new Error(`${name}: target must be an edge "client->server" between services that call each other`);
    if (name === "lattice-auth-deny" && service(e.client)!.vpc === service(e.server)!.vpc) throw new Error(`${name}: ${e.client} and ${e.server} are in the same VPC; Lattice only carries calls across VPCs`);
  } else if (name === "slow-database") {
    if (!topology.backends.some((b) => b.name === target.service && b.kind === "postgresql")) throw new Error(`${name}: target must be a PostgreSQL backend`);
  } else {
    const svc = target.service ? service(target.service) : undefined;
    if (!svc) throw new Error(`${name}: unknown service "${target.service ?? ""}"`);
    if (name === "operation-error" && !svc.operations.some((o) => o.name === target.operation)) {
      throw new Error(`${name}: target must be "service:operation"; ${svc.name} has ${svc.operations.map((o) => `"${o.name}"`).join(", ")}`);
    }
    if (name === "consumer-lag" && !topology.topics.some((t) => t.consumers.some((c) => c.service === svc.name))) throw new Error(`${name}: ${svc.name} consumes no topic`);
    if (name === "bad-deploy") target.version = nextVersion(svc.version);
  }
  const startMs = req.startMs ?? nowMs;
  const duration = req.durationMs ?? DEFAULT_FAULT_MS;
  if (!(duration > 0)) throw new Error("duration must be positive");
  return { id, name, layer: entry.layer, target, startMs, endMs: startMs + duration, description: entry.description, signals: entry.signals };
}
