// The normalised span: one row of the raw span table, produced from OTLP (protobuf or JSON) by
// lib/otlp and by the collector, consumed by pairing, rollups and the COPY writer.
// Client-safe: plain types and a zod schema, no server imports.
import { z } from "zod";

/** OTLP SpanKind numbers, kept as numbers end to end (they are what the wire and the table hold). */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKindNumber = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP Status.code numbers. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/**
 * Times are epoch microseconds (numbers: safe up to the year 2255). Ids are lowercase hex.
 * Every semantic-convention attribute that the graph needs is a column here, read from the
 * current name or its deprecated predecessor (FORMATS.md §4); everything else stays in
 * `attributes` / `resourceAttributes`.
 */
export interface NormalizedSpan {
  traceId: string; // 32 hex
  spanId: string; // 16 hex
  parentSpanId: string | null; // null for a root span
  traceState: string | null;
  flags: number;
  name: string;
  kind: SpanKindNumber;
  startUs: number;
  durationUs: number;
  statusCode: 0 | 1 | 2;
  statusMessage: string | null;

  service: string;
  serviceNamespace: string | null;
  serviceVersion: string | null;
  serviceInstanceId: string | null;
  environment: string | null;

  httpMethod: string | null;
  httpStatusCode: number | null;
  httpRoute: string | null;
  urlFull: string | null; // url.full, else url.path / http.target / http.url
  rpcSystem: string | null;
  rpcMethod: string | null; // fully qualified: "pkg.Service/Method"
  rpcStatus: string | null; // canonical gRPC code name: "OK", "UNAVAILABLE", …
  dbSystem: string | null;
  dbNamespace: string | null;
  dbOperation: string | null;
  dbStatement: string | null;
  messagingSystem: string | null;
  messagingDestination: string | null;
  messagingOperation: string | null;
  peerService: string | null; // service.peer.name or peer.service
  serverAddress: string | null;
  serverPort: number | null;
  clientAddress: string | null;
  networkPeerAddress: string | null;
  networkPeerPort: number | null;
  errorType: string | null;

  k8sCluster: string | null;
  k8sNamespace: string | null;
  k8sPodName: string | null;
  k8sPodIp: string | null;
  k8sNodeName: string | null;
  k8sWorkload: string | null; // deployment, statefulset, daemonset, job or cronjob name
  hostName: string | null;
  hostIp: string | null;
  cloudProvider: string | null;
  cloudRegion: string | null;
  cloudAvailabilityZone: string | null;
  cloudAccountId: string | null;

  attributes: Attributes;
  resourceAttributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  /** true when any attribute value was cut to the size limit (the value carries a marker too) */
  truncated: boolean;
}

export const HEX32 = /^[0-9a-f]{32}$/;
export const HEX16 = /^[0-9a-f]{16}$/;

const attributeValue: z.ZodType<AttributeValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(attributeValue),
    z.record(z.string(), attributeValue),
  ]),
);
const attributes = z.record(z.string(), attributeValue);
const str = z.string().nullable();
const int = z.number().int().nullable();

/** The wire form of a normalised span inside a collector batch (lib/contracts/ingest-batch.ts). */
export const normalizedSpanSchema = z.object({
  traceId: z.string().regex(HEX32),
  spanId: z.string().regex(HEX16),
  parentSpanId: z.string().regex(HEX16).nullable(),
  traceState: str,
  flags: z.number().int().nonnegative(),
  name: z.string(),
  kind: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  startUs: z.number().int().nonnegative(),
  durationUs: z.number().int().nonnegative(),
  statusCode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  statusMessage: str,
  service: z.string().min(1),
  serviceNamespace: str,
  serviceVersion: str,
  serviceInstanceId: str,
  environment: str,
  httpMethod: str,
  httpStatusCode: int,
  httpRoute: str,
  urlFull: str,
  rpcSystem: str,
  rpcMethod: str,
  rpcStatus: str,
  dbSystem: str,
  dbNamespace: str,
  dbOperation: str,
  dbStatement: str,
  messagingSystem: str,
  messagingDestination: str,
  messagingOperation: str,
  peerService: str,
  serverAddress: str,
  serverPort: int,
  clientAddress: str,
  networkPeerAddress: str,
  networkPeerPort: int,
  errorType: str,
  k8sCluster: str,
  k8sNamespace: str,
  k8sPodName: str,
  k8sPodIp: str,
  k8sNodeName: str,
  k8sWorkload: str,
  hostName: str,
  hostIp: str,
  cloudProvider: str,
  cloudRegion: str,
  cloudAvailabilityZone: str,
  cloudAccountId: str,
  attributes,
  resourceAttributes: attributes,
  events: z.array(z.object({ timeUs: z.number().int(), name: z.string(), attributes })),
  links: z.array(
    z.object({ traceId: z.string().regex(HEX32), spanId: z.string().regex(HEX16), attributes }),
  ),
  truncated: z.boolean(),
}) satisfies z.ZodType<NormalizedSpan>;
