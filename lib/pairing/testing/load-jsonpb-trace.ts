// Test-only: turns an OTLP trace in protobuf-JSON form (Tempo's testdata: base64 ids, enum names,
// int64 as strings; hex ids are accepted too) into NormalizedSpans, filling only what pairing and
// rollups read. The real decoder is lib/otlp; this exists so pairing can be tested on its own.
//
// Two attribute dialects, because the Tempo fixtures test Tempo's attribute lookups:
// - "tempo": read attributes exactly as Tempo's processor does (server.address only, db.system
//   before db.system.name), to check the pairing rules against Tempo's expected edges;
// - "semconv": fold deprecated names the way FORMATS.md §4 asks lib/otlp to (net.peer.name is the
//   old server.address, db.system.name wins over db.system), to show what Strata will name.
import { SpanKind, StatusCode, type Attributes, type AttributeValue, type NormalizedSpan } from "@/lib/contracts/span";
import { emptySpan } from "./make-span";

export type AttributeDialect = "tempo" | "semconv";

type Json = Record<string, unknown>;

function asArray(v: unknown): Json[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === "object") as Json[]) : [];
}

function idToHex(v: unknown): string {
  if (typeof v !== "string" || v.length === 0) return "";
  if (/^[0-9a-fA-F]+$/.test(v) && (v.length === 16 || v.length === 32)) return v.toLowerCase();
  return Buffer.from(v, "base64").toString("hex");
}

function anyValue(v: unknown): AttributeValue {
  const o = (v ?? {}) as Json;
  if ("stringValue" in o) return String(o.stringValue);
  if ("intValue" in o) return Number(o.intValue);
  if ("doubleValue" in o) return Number(o.doubleValue);
  if ("boolValue" in o) return Boolean(o.boolValue);
  if ("arrayValue" in o) return asArray((o.arrayValue as Json)?.values).map(anyValue);
  return null;
}

function attributes(list: unknown): Attributes {
  const out: Attributes = {};
  for (const kv of asArray(list)) if (typeof kv.key === "string") out[kv.key] = anyValue(kv.value);
  return out;
}

const KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: SpanKind.UNSPECIFIED,
  SPAN_KIND_INTERNAL: SpanKind.INTERNAL,
  SPAN_KIND_SERVER: SpanKind.SERVER,
  SPAN_KIND_CLIENT: SpanKind.CLIENT,
  SPAN_KIND_PRODUCER: SpanKind.PRODUCER,
  SPAN_KIND_CONSUMER: SpanKind.CONSUMER,
};
const STATUS: Record<string, 0 | 1 | 2> = {
  STATUS_CODE_UNSET: StatusCode.UNSET,
  STATUS_CODE_OK: StatusCode.OK,
  STATUS_CODE_ERROR: StatusCode.ERROR,
};

function enumValue<T extends number>(v: unknown, names: Record<string, T>, fallback: T): T {
  if (typeof v === "number") return v as T;
  if (typeof v === "string" && v in names) return names[v];
  return fallback;
}

function nanos(v: unknown): bigint {
  try {
    return BigInt(String(v ?? "0"));
  } catch {
    return 0n;
  }
}

/** The first attribute present with a non-empty value, as a string. */
function str(attrs: Attributes, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = attrs[k];
    if (v !== null && v !== undefined && String(v).length > 0) return String(v);
  }
  return null;
}

function int(attrs: Attributes, ...keys: string[]): number | null {
  const s = str(attrs, ...keys);
  const n = s === null ? NaN : Number(s);
  return Number.isInteger(n) ? n : null;
}

function toSpan(raw: Json, resource: Attributes, dialect: AttributeDialect): NormalizedSpan {
  const a = attributes(raw.attributes);
  const tempo = dialect === "tempo";
  const startNs = nanos(raw.startTimeUnixNano);
  const durationNs = nanos(raw.endTimeUnixNano) - startNs;
  const status = (raw.status ?? {}) as Json;
  return {
    ...emptySpan(),
    traceId: idToHex(raw.traceId),
    spanId: idToHex(raw.spanId),
    parentSpanId: idToHex(raw.parentSpanId) || null,
    name: typeof raw.name === "string" ? raw.name : "",
    kind: enumValue(raw.kind, KINDS, SpanKind.UNSPECIFIED) as NormalizedSpan["kind"],
    startUs: Number(startNs / 1000n),
    durationUs: durationNs > 0n ? Math.round(Number(durationNs) / 1000) : 0,
    statusCode: enumValue(status.code, STATUS, StatusCode.UNSET),
    statusMessage: typeof status.message === "string" ? status.message : null,
    service: str(resource, "service.name") ?? "unknown_service",
    httpMethod: str(a, "http.request.method", "http.method"),
    httpStatusCode: int(a, "http.response.status_code", "http.status_code"),
    httpRoute: str(a, "http.route"),
    rpcSystem: str(a, "rpc.system.name", "rpc.system"),
    rpcMethod: str(a, "rpc.method"),
    rpcStatus: str(a, "rpc.status_code", "rpc.response.status_code"),
    dbSystem: tempo ? str(a, "db.system", "db.system.name") : str(a, "db.system.name", "db.system"),
    dbNamespace: str(a, "db.namespace", "db.name"),
    messagingSystem: str(a, "messaging.system"),
    messagingDestination: str(a, "messaging.destination.name", "messaging.destination"),
    peerService: tempo ? str(a, "peer.service") : str(a, "service.peer.name", "peer.service"),
    serverAddress: tempo ? str(a, "server.address") : str(a, "server.address", "net.peer.name"),
    serverPort: tempo ? int(a, "server.port") : int(a, "server.port", "net.peer.port"),
    networkPeerAddress: str(a, "network.peer.address"),
    networkPeerPort: int(a, "network.peer.port"),
    k8sPodIp: str(resource, "k8s.pod.ip"),
    hostIp: str(resource, "host.ip"),
    attributes: a,
    resourceAttributes: resource,
    links: asArray(raw.links).map((l) => ({
      traceId: idToHex(l.traceId),
      spanId: idToHex(l.spanId),
      attributes: attributes(l.attributes),
    })),
  };
}

/** Spans in file order; `rejected` counts spans without valid ids (skipped, never thrown). */
export function loadJsonpbTrace(
  text: string,
  dialect: AttributeDialect = "tempo",
): { spans: NormalizedSpan[]; rejected: number } {
  const doc = JSON.parse(text) as Json;
  const spans: NormalizedSpan[] = [];
  let rejected = 0;
  for (const rs of asArray(doc.resourceSpans ?? doc.batches)) {
    const resource = attributes((rs.resource as Json | undefined)?.attributes);
    for (const ss of asArray(rs.scopeSpans ?? rs.instrumentationLibrarySpans)) {
      for (const raw of asArray(ss.spans)) {
        const span = toSpan(raw, resource, dialect);
        if (span.traceId.length === 32 && span.spanId.length === 16) spans.push(span);
        else rejected++;
      }
    }
  }
  return { spans, rejected };
}
