// Environment variables that override the config file (12-factor deployments, Kubernetes).
// Each maps to one field; numbers and sizes are parsed by the schema like YAML values.

/** variable → config path, with a note for the README's table */
export const ENV_VARIABLES: readonly { name: string; path: string; numeric?: boolean; note: string }[] = [
  { name: "STRATA_COLLECTOR_SERVER_URL", path: "server.url", note: "base URL of the Strata server" },
  { name: "STRATA_COLLECTOR_TOKEN", path: "server.token", note: "cluster ingest token" },
  { name: "STRATA_COLLECTOR_TOKEN_FILE", path: "server.tokenFile", note: "file holding the token (a mounted secret)" },
  { name: "STRATA_COLLECTOR_CLUSTER", path: "cluster", note: "cluster name" },
  { name: "STRATA_COLLECTOR_DATA_DIR", path: "dataDir", note: "journal, queue and checkpoint folder" },
  { name: "STRATA_COLLECTOR_OTLP_HTTP_LISTEN", path: "otlp.http.listen", note: "OTLP/HTTP address" },
  { name: "STRATA_COLLECTOR_OTLP_GRPC_LISTEN", path: "otlp.grpc.listen", note: "OTLP/gRPC address" },
  { name: "STRATA_COLLECTOR_METRICS_LISTEN", path: "metrics.listen", note: "health and metrics address" },
  { name: "STRATA_COLLECTOR_QUEUE_MAX_BYTES", path: "queue.maxBytes", note: "disk queue bound" },
  { name: "STRATA_COLLECTOR_MEMORY_SOFT_MIB", path: "memory.softLimitMiB", numeric: true, note: "soft memory limit" },
  { name: "STRATA_COLLECTOR_MEMORY_HARD_MIB", path: "memory.hardLimitMiB", numeric: true, note: "hard memory limit" },
];

export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let node = target;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    node = (node[k] = next !== null && typeof next === "object" && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** The overrides found in `env`; empty variables count as unset. */
export function configFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of ENV_VARIABLES) {
    const raw = env[v.name];
    if (raw === undefined || raw === "") continue;
    // A non-number stays a string, so the schema reports it against the field.
    setPath(out, v.path, v.numeric && raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw);
  }
  return out;
}
