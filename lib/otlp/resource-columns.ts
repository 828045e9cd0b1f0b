// Resource attributes that become NormalizedSpan columns: service identity, environment,
// Kubernetes, host and cloud. Computed once per ResourceSpans and shared by all its spans.
import type { AttributeValue, Attributes, NormalizedSpan } from "@/lib/contracts/span";
import type { AttributeCollector } from "./attribute-collector";
import { asText, pick } from "./semconv-columns";

/**
 * What OpenTelemetry SDKs report when the application set no service.name (the SDK spec's
 * default resource). A request without one comes from a hand-rolled sender; we keep its
 * spans under this name rather than reject them (Tempo and the collector's servicegraph
 * connector skip such spans instead, which hides the sender's misconfiguration).
 */
export const UNKNOWN_SERVICE = "unknown_service";

export type ResourceColumns = Pick<
  NormalizedSpan,
  | "service" | "serviceNamespace" | "serviceVersion" | "serviceInstanceId" | "environment"
  | "k8sCluster" | "k8sNamespace" | "k8sPodName" | "k8sPodIp" | "k8sNodeName" | "k8sWorkload"
  | "hostName" | "hostIp" | "cloudProvider" | "cloudRegion" | "cloudAvailabilityZone" | "cloudAccountId"
>;

export interface ResourceInfo {
  columns: ResourceColumns;
  /** shared by every span of the resource: treat as read-only */
  attributes: Attributes;
  truncated: boolean;
}

export const RESOURCE_SOURCE_KEYS = [
  "service.name", "service.namespace", "service.version", "service.instance.id",
  "deployment.environment.name", "deployment.environment",
  "k8s.cluster.name", "k8s.namespace.name", "k8s.pod.name", "k8s.pod.ip", "k8s.node.name",
  "k8s.deployment.name", "k8s.statefulset.name", "k8s.daemonset.name", "k8s.job.name", "k8s.cronjob.name",
  "host.name", "host.ip",
  "cloud.provider", "cloud.region", "cloud.availability_zone", "cloud.account.id",
] as const;

type ResourceKey = (typeof RESOURCE_SOURCE_KEYS)[number];
const ids = (...keys: ResourceKey[]): readonly number[] => keys.map((k) => RESOURCE_SOURCE_KEYS.indexOf(k));

const SERVICE = ids("service.name");
const ENVIRONMENT = ids("deployment.environment.name", "deployment.environment");
const K8S_WORKLOAD = ids(
  "k8s.deployment.name",
  "k8s.statefulset.name",
  "k8s.daemonset.name",
  "k8s.job.name",
  "k8s.cronjob.name",
);
const HOST_IP = ids("host.ip")[0];
const one = (key: ResourceKey) => ids(key);

/**
 * host.ip is a string[] in the conventions: the column takes the first address, and the
 * attribute is removed only when that was the only one (the others would be lost otherwise).
 */
function hostIp(c: AttributeCollector): string | null {
  const value: AttributeValue | undefined = c.source(HOST_IP);
  if (typeof value === "string") return pick(c, [HOST_IP], asText);
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== "string") return null;
  if (value.length === 1) c.consume(HOST_IP);
  return value[0].length > 0 ? value[0] : null;
}

/** Turns the resource's column candidates into columns (call before collector.finish()). */
export function resourceColumns(c: AttributeCollector): ResourceColumns {
  return {
    service: pick(c, SERVICE, asText) ?? UNKNOWN_SERVICE,
    serviceNamespace: pick(c, one("service.namespace"), asText),
    serviceVersion: pick(c, one("service.version"), asText),
    serviceInstanceId: pick(c, one("service.instance.id"), asText),
    environment: pick(c, ENVIRONMENT, asText),
    k8sCluster: pick(c, one("k8s.cluster.name"), asText),
    k8sNamespace: pick(c, one("k8s.namespace.name"), asText),
    k8sPodName: pick(c, one("k8s.pod.name"), asText),
    k8sPodIp: pick(c, one("k8s.pod.ip"), asText),
    k8sNodeName: pick(c, one("k8s.node.name"), asText),
    k8sWorkload: pick(c, K8S_WORKLOAD, asText),
    hostName: pick(c, one("host.name"), asText),
    hostIp: hostIp(c),
    cloudProvider: pick(c, one("cloud.provider"), asText),
    cloudRegion: pick(c, one("cloud.region"), asText),
    cloudAvailabilityZone: pick(c, one("cloud.availability_zone"), asText),
    cloudAccountId: pick(c, one("cloud.account.id"), asText),
  };
}

/** Collects a resource's columns and remaining attributes from a filled collector. */
export function finishResource(c: AttributeCollector): ResourceInfo {
  const columns = resourceColumns(c);
  const attributes = c.finish();
  return { columns, attributes, truncated: c.truncated };
}
