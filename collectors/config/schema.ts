// The agent's configuration: one zod schema, defaults included. A YAML file, environment
// variables and command-line flags are merged into one object (load-config.ts) and parsed here
// once at start; a wrong value stops the agent with a message naming the field.
import { z } from "zod";
import { flowSourceKinds } from "@/lib/contracts/flow";
import { parseCidr } from "../processors/cidr";
import { byteSize, duration, listenAddress } from "./units";

const MiB = 1024 * 1024;

const sourceFormat = z.enum([...flowSourceKinds, "auto"]);

const vpcFields = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** One flow-log source: exactly one of path, glob, dir or stdin. */
const sourceSchema = z
  .object({
    path: z.string().min(1).optional(),
    glob: z.string().min(1).optional(),
    dir: z.string().min(1).optional(),
    stdin: z.literal(true).optional(),
    /** "auto" detects from the first lines of each file (file names lie) */
    format: sourceFormat.default("auto"),
    /** AWS VPC custom format: field names in order, when the files carry no header line */
    vpcFields: vpcFields.optional(),
    /** where to start in a file seen for the first time */
    startAt: z.enum(["beginning", "end"]).default("beginning"),
  })
  .strict()
  .refine((s) => [s.path, s.glob, s.dir, s.stdin].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of path, glob, dir or stdin",
  });
export type SourceConfig = z.infer<typeof sourceSchema>;

const cidrName = z
  .object({
    cidr: z.string().refine((v) => parseCidr(v) !== null, 'expected a CIDR block such as "10.0.0.0/16"'),
    name: z.string().min(1).max(512),
  })
  .strict();

export const configSchema = z
  .object({
    server: z
      .object({
        /** base URL of the Strata server; batches go to {url}/api/v1/ingest/batches */
        url: z.string().url().refine((u) => /^https?:\/\//.test(u), "must be an http:// or https:// URL"),
        /** the cluster's ingest token (prefer tokenFile: it keeps the secret out of the config) */
        token: z.string().min(1).optional(),
        tokenFile: z.string().min(1).optional(),
        /** per request */
        timeout: duration.default(30_000),
        compression: z.enum(["gzip", "none"]).default("gzip"),
      })
      .strict()
      .refine((s) => (s.token === undefined) !== (s.tokenFile === undefined), {
        message: "give exactly one of token or tokenFile",
      }),
    /** the cluster name this agent reports as (k8s.cluster.name of spans that carry none) */
    cluster: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "1-63 letters, digits, '.', '_' or '-'"),
    otlp: z
      .object({
        http: z
          .object({
            listen: listenAddress.default("0.0.0.0:4318"),
            /** largest request body, measured after decompression (413 above) */
            maxBodyBytes: byteSize.default(16 * MiB),
          })
          .strict()
          .default({ listen: "0.0.0.0:4318", maxBodyBytes: 16 * MiB }),
        grpc: z
          .object({
            /** false: no OTLP/gRPC listener (only OTLP/HTTP) */
            enabled: z.boolean().default(true),
            listen: listenAddress.default("0.0.0.0:4317"),
            /** largest message, measured after decompression (RESOURCE_EXHAUSTED above) */
            maxMessageBytes: byteSize.default(16 * MiB),
          })
          .strict()
          .default({ enabled: true, listen: "0.0.0.0:4317", maxMessageBytes: 16 * MiB }),
      })
      .strict()
      .default({
        http: { listen: "0.0.0.0:4318", maxBodyBytes: 16 * MiB },
        grpc: { enabled: true, listen: "0.0.0.0:4317", maxMessageBytes: 16 * MiB },
      }),
    sources: z.array(sourceSchema).default([]),
    cidrNames: z.array(cidrName).default([]),
    dataDir: z.string().min(1).default("./collector-data"),
    queue: z
      .object({
        /** bound on batches waiting to be sent (aggregates and raw) */
        maxBytes: byteSize.default(1024 * MiB),
        /** bound on the intake journal (acknowledged input not yet turned into batches) */
        journalMaxBytes: byteSize.default(512 * MiB),
      })
      .strict()
      .default({ maxBytes: 1024 * MiB, journalMaxBytes: 512 * MiB }),
    memory: z
      .object({
        /** above: receivers answer 503 with Retry-After, raw spans are sampled */
        softLimitMiB: z.number().int().positive().default(220),
        /** above: everything is refused, tailers pause, a GC is requested when exposed */
        hardLimitMiB: z.number().int().positive().default(250),
        checkInterval: duration.default(100),
      })
      .strict()
      .refine((m) => m.softLimitMiB < m.hardLimitMiB, { message: "softLimitMiB must be below hardLimitMiB", path: ["softLimitMiB"] })
      .default({ softLimitMiB: 220, hardLimitMiB: 250, checkInterval: 100 }),
    batch: z
      .object({
        maxSpans: z.number().int().positive().max(100_000).default(4096),
        maxFlows: z.number().int().positive().max(200_000).default(10_000),
        /** a cut (aggregates drained, batches queued, checkpoint written) at least this often */
        maxAge: duration.default(5000),
      })
      .strict()
      .default({ maxSpans: 4096, maxFlows: 10_000, maxAge: 5000 }),
    retry: z
      .object({
        initialInterval: duration.default(500),
        maxInterval: duration.default(30_000),
        /** 0: never give up on a batch (the queue bound decides what is kept) */
        maxElapsed: duration.default(0),
      })
      .strict()
      .default({ initialInterval: 500, maxInterval: 30_000, maxElapsed: 0 }),
    replay: z
      .object({
        /** sending rate while draining a backlog, so a recovering server is not stampeded */
        batchesPerSecond: z.number().positive().default(20),
      })
      .strict()
      .default({ batchesPerSecond: 20 }),
    sampling: z
      .object({
        /** share of healthy traces whose raw spans are kept under pressure (errors and slow: all) */
        keepRatio: z.number().min(0).max(1).default(0.1),
        /** a trace with a span at least this long is slow and always kept */
        slowThreshold: duration.default(1000),
        /** queue use (0-1) above which the agent is under pressure */
        queuePressure: z.number().min(0).max(1).default(0.5),
        /**
         * share of healthy (accepted) flows shipped as raw rows even without pressure; rejected,
         * dropped and failed flows always are, and the aggregates count every flow. Lower it for
         * high-volume VPC Flow Logs, where raw rows cost more than everything else together.
         */
        healthyFlowsRatio: z.number().min(0).max(1).default(1),
      })
      .strict()
      .default({ keepRatio: 0.1, slowThreshold: 1000, queuePressure: 0.5, healthyFlowsRatio: 1 }),
    pairing: z
      .object({
        wait: duration.default(10_000),
        maxItems: z.number().int().positive().default(10_000),
      })
      .strict()
      .default({ wait: 10_000, maxItems: 10_000 }),
    metrics: z
      .object({ listen: listenAddress.default("0.0.0.0:8888") })
      .strict()
      .default({ listen: "0.0.0.0:8888" }),
    shutdown: z
      .object({ deadline: duration.default(10_000) })
      .strict()
      .default({ deadline: 10_000 }),
  })
  .strict();

export type CollectorConfigInput = z.input<typeof configSchema>;
export type CollectorConfig = z.infer<typeof configSchema>;
