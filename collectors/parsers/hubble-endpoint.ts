// Names a Hubble endpoint (flow.source / flow.destination) as a workload: the explicit workload
// Cilium resolved, else the app label, else the pod name without its ReplicaSet and pod suffixes.
import { FieldError, isObject, obj, str, uint, type JsonObject } from "./json-fields";

export interface EndpointView {
  workload: string | null;
  namespace: string | null;
  pod: string | null;
  identity: number | null;
  /** "host", "world", "remote-node", "health" … for Cilium's reserved identities */
  reserved: string | null;
}

const NONE: EndpointView = { workload: null, namespace: null, pod: null, identity: null, reserved: null };
/** Label keys that name the application, in order of preference (Cilium prefixes k8s labels with "k8s:"). */
const APP_LABELS = ["k8s:app=", "k8s:app.kubernetes.io/name=", "k8s:k8s-app="];
const NAMESPACE_LABEL = "k8s:io.kubernetes.pod.namespace=";

function labelValue(labels: unknown[] | undefined | null, prefix: string): string | null {
  const label = labels?.find((l): l is string => typeof l === "string" && l.startsWith(prefix));
  return label?.slice(prefix.length) || null;
}

export function readEndpoint(flow: JsonObject, key: "source" | "destination"): EndpointView {
  const ep = obj(flow, key, key);
  if (ep === undefined) return NONE;
  const pod = str(ep, "pod_name", `${key}.pod_name`) || null;
  if (ep.labels !== undefined && ep.labels !== null && !Array.isArray(ep.labels)) throw new FieldError(`${key}.labels: expected an array`);
  const labels = ep.labels as unknown[] | undefined | null;
  let app: string | null = null;
  let reserved: string | null = null;
  for (const prefix of APP_LABELS) {
    app = labelValue(labels, prefix);
    if (app) break;
  }
  const reservedLabel = labels?.find((l): l is string => typeof l === "string" && l.startsWith("reserved:"));
  if (reservedLabel) reserved = reservedLabel.slice("reserved:".length);
  const workloads = ep.workloads;
  const first = Array.isArray(workloads) && isObject(workloads[0]) ? workloads[0] : undefined;
  const explicit = first ? str(first, "name", `${key}.workloads[0].name`) || null : null;
  return {
    workload: explicit ?? app ?? (pod ? workloadFromPodName(pod) : null),
    // Endpoints from other nodes may carry only identity labels: the namespace is a label there.
    namespace: str(ep, "namespace", `${key}.namespace`) || labelValue(labels, NAMESPACE_LABEL),
    pod,
    identity: uint(ep, "identity", `${key}.identity`, 0xffffffff) ?? null,
    reserved,
  };
}

// Kubernetes generates name suffixes from this alphabet (no vowels, no 0/1/3), which is what
// keeps "collector" or "v1" from being mistaken for a hash.
const SUFFIX_CHARS = /^[bcdfghjklmnpqrstvwxz2456789]+$/;

/**
 * reviews-v1-545db77b95-s6jb8 → reviews-v1 (Deployment: ReplicaSet hash + pod suffix)
 * node-local-dns-r99x7 → node-local-dns (DaemonSet, Job: pod suffix only)
 * web-0 → web (StatefulSet ordinal)
 */
export function workloadFromPodName(pod: string): string {
  const parts = pod.split("-");
  if (parts.length < 2) return pod;
  const last = parts[parts.length - 1];
  if (/^\d+$/.test(last)) return parts.slice(0, -1).join("-");
  if (last.length !== 5 || !SUFFIX_CHARS.test(last)) return pod;
  parts.pop();
  const hash = parts[parts.length - 1];
  if (parts.length >= 2 && hash.length >= 6 && hash.length <= 10 && SUFFIX_CHARS.test(hash)) parts.pop();
  return parts.join("-");
}
