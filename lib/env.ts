import "server-only";
// Server configuration, validated once at boot. Every variable is documented in .env.example and
// in the README's configuration table; keep the three in step.
import { z } from "zod";

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  /** PostgreSQL connection string; unset means the embedded PGlite in STRATA_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /** Folder of the embedded database and the admin token file. */
  STRATA_DATA_DIR: z.string().min(1).default("./data"),
  /** Connections in the pg pool (PostgreSQL only). */
  STRATA_DB_POOL_SIZE: int(10),
  /** Days raw spans and flows are kept (whole day partitions are dropped). */
  STRATA_RAW_RETENTION_DAYS: int(7),
  /** Days per-minute rollups are kept. */
  STRATA_ROLLUP_RETENTION_DAYS: int(90),
  /** Admission budget: spans (and flows) per second the server accepts before answering 429. */
  STRATA_INGEST_SPANS_PER_SECOND: int(200_000),
  /** Admission budget: request bytes being processed at once, summed over requests. */
  STRATA_INGEST_MAX_INFLIGHT_BYTES: int(64 * 1024 * 1024),
  /** Largest request body accepted, measured after decompression (413 above). */
  STRATA_INGEST_MAX_BODY_BYTES: int(16 * 1024 * 1024),
  /** Attribute values longer than this are truncated and marked. */
  STRATA_MAX_ATTRIBUTE_LENGTH: int(4096),
  /** How long a half of a client/server span pair waits for its other half. */
  STRATA_PAIRING_WAIT_MS: int(10_000),
  /** Most span halves waiting for pairing at once; more are counted as dropped. */
  STRATA_PAIRING_MAX_ITEMS: int(10_000),
  /** Token for the admin API (clusters, tokens). Unset: generated into STRATA_DATA_DIR/admin-token. */
  STRATA_ADMIN_TOKEN: z.string().min(16).optional(),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means unset (as `DATABASE_URL= npm start` intends).
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
