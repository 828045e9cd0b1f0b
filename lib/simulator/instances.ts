// Places every service and backend replica: pod name, stable pod IP, node, ENI and zone.
// IPs depend only on the topology's order (10.<vpc>.<10+service>.<11+replica>), so they are
// stable across seeds and restarts; pod-name hashes come from the seed, as a fresh deploy would.
import { createRandom } from "./random";
import type { Instance, TopologyDef, Vpc, VpcName } from "./topology";

const NODES_PER_CLUSTER = 3;
const ZONE_SUFFIXES = ["a", "b", "c"];
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export interface Placement {
  /** replicas of a service or backend, by name */
  byService: Map<string, Instance[]>;
  all: Instance[];
  vpc(name: VpcName): Vpc;
}

/** "eu-west-1" → "euw1", the prefix of AWS zone ids. */
function azPrefix(region: string): string {
  const [area, direction, n] = region.split("-");
  return `${area}${direction[0]}${n}`;
}

function podSuffix(rand: ReturnType<typeof createRandom>, chars: number): string {
  let s = "";
  for (let i = 0; i < chars; i++) s += NAME_ALPHABET[rand.int(0, NAME_ALPHABET.length)];
  return s;
}

export function placeInstances(topology: TopologyDef, seed: number | string): Placement {
  const rand = createRandom(`${seed}:placement`);
  const byService = new Map<string, Instance[]>();
  const all: Instance[] = [];
  const slotInVpc = new Map<VpcName, number>();
  const vpcOf = (name: VpcName) => topology.vpcs.find((v) => v.name === name)!;
  const workloads = [
    ...topology.services.map((s) => ({ name: s.name, vpc: s.vpc, replicas: s.replicas, stateful: false })),
    ...topology.backends.map((b) => ({ name: b.name, vpc: b.vpc, replicas: b.replicas, stateful: true })),
  ];
  for (const w of workloads) {
    const vpc = vpcOf(w.vpc);
    const slot = slotInVpc.get(w.vpc) ?? 0;
    slotInVpc.set(w.vpc, slot + 1);
    const replicaSet = podSuffix(rand, 10);
    const list: Instance[] = [];
    for (let i = 0; i < w.replicas; i++) {
      const node = (slot + i) % NODES_PER_CLUSTER;
      const instance: Instance = {
        service: w.name,
        index: i,
        // StatefulSet pods are name-0, name-1; Deployment pods carry ReplicaSet and pod hashes
        podName: w.stateful ? `${w.name}-${i}` : `${w.name}-${replicaSet}-${podSuffix(rand, 5)}`,
        podIp: `${vpc.cidrPrefix}.${10 + slot}.${11 + i}`,
        nodeName: `ip-${vpc.cidrPrefix.replace(".", "-")}-0-${10 + node}.${topology.region}.compute.internal`,
        nodeIp: `${vpc.cidrPrefix}.0.${10 + node}`,
        instanceId: `i-0${vpc.name}${String(node).padStart(2, "0")}${vpc.vpcId.slice(-13)}`,
        eniId: `eni-0${vpc.name === "a" ? "a" : "b"}${String(node).padStart(2, "0")}${vpc.vpcId.slice(-12)}`,
        subnetId: `subnet-0${vpc.name}${ZONE_SUFFIXES[node]}${vpc.vpcId.slice(-14)}`,
        vpc,
        zone: `${topology.region}${ZONE_SUFFIXES[node]}`,
        azId: `${azPrefix(topology.region)}-az${node + 1}`,
      };
      list.push(instance);
      all.push(instance);
    }
    byService.set(w.name, list);
  }
  return { byService, all, vpc: vpcOf };
}
