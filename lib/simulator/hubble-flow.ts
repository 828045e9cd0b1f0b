// What every Cilium Hubble flow line has (`hubble observe -o json`, FORMATS.md §3): the endpoint
// objects of the pods at either end and the `{"flow":…,"node_name":…,"time":…}` envelope.
import { hashString } from "./random";
import type { Instance } from "./topology";

export interface HubblePod {
  instance: Instance;
  /** Deployment or StatefulSet */
  workloadKind: string;
  /** defaults to the VPC's application namespace */
  namespace?: string;
}

export function hubbleEndpoint(pod: HubblePod) {
  const i = pod.instance;
  const namespace = pod.namespace ?? i.vpc.namespace;
  return {
    ID: 100 + (hashString(i.podName) % 3900),
    identity: 10000 + (hashString(i.service) % 50000),
    cluster_name: i.vpc.cluster,
    namespace,
    labels: [`k8s:app=${i.service}`, `k8s:io.cilium.k8s.policy.cluster=${i.vpc.cluster}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
    pod_name: i.podName,
    workloads: [{ name: i.service, kind: pod.workloadKind }],
  };
}

export function hubbleUuid(atMs: number, salt: string): string {
  const h = hashString(`${atMs}|${salt}`).toString(16).padStart(8, "0");
  const t = Math.floor(atMs).toString(16).padStart(12, "0").slice(-12);
  return `${h}-${t.slice(0, 4)}-4${t.slice(4, 7)}-8${t.slice(7, 10)}-${t}`;
}

/** RFC 3339 with nanoseconds, as Hubble prints times. */
export function hubbleTime(atMs: number): string {
  const whole = Math.floor(atMs);
  const nanos = Math.round((atMs - whole) * 1e6);
  return new Date(whole).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(nanos).padStart(6, "0")}Z`);
}

export function hubbleLine(flow: Record<string, unknown>, clusterNode: string, atMs: number): string {
  const time = hubbleTime(atMs);
  return JSON.stringify({ flow: { time, ...flow, node_name: clusterNode }, node_name: clusterNode, time });
}
