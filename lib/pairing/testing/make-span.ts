// Test-only: a NormalizedSpan with every column null unless the test says otherwise.
import { SpanKind, StatusCode, type NormalizedSpan } from "@/lib/contracts/span";

export const TRACE_A = "0af7651916cd43dd8448eb211c80319c";
export const TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";

let counter = 0;

/** A fresh 16-hex span id, unique within the test run. */
export function nextSpanId(): string {
  counter++;
  return counter.toString(16).padStart(16, "0");
}

export function emptySpan(): NormalizedSpan {
  return {
    traceId: TRACE_A,
    spanId: nextSpanId(),
    parentSpanId: null,
    traceState: null,
    flags: 1,
    name: "span",
    kind: SpanKind.INTERNAL,
    startUs: 1_700_000_000_000_000,
    durationUs: 1000,
    statusCode: StatusCode.UNSET,
    statusMessage: null,
    service: "svc",
    serviceNamespace: null,
    serviceVersion: null,
    serviceInstanceId: null,
    environment: null,
    httpMethod: null,
    httpStatusCode: null,
    httpRoute: null,
    urlFull: null,
    rpcSystem: null,
    rpcMethod: null,
    rpcStatus: null,
    dbSystem: null,
    dbNamespace: null,
    dbOperation: null,
    dbStatement: null,
    messagingSystem: null,
    messagingDestination: null,
    messagingOperation: null,
    peerService: null,
    serverAddress: null,
    serverPort: null,
    clientAddress: null,
    networkPeerAddress: null,
    networkPeerPort: null,
    errorType: null,
    k8sCluster: null,
    k8sNamespace: null,
    k8sPodName: null,
    k8sPodIp: null,
    k8sNodeName: null,
    k8sWorkload: null,
    hostName: null,
    hostIp: null,
    cloudProvider: null,
    cloudRegion: null,
    cloudAvailabilityZone: null,
    cloudAccountId: null,
    attributes: {},
    resourceAttributes: {},
    events: [],
    links: [],
    truncated: false,
  };
}

export function makeSpan(fields: Partial<NormalizedSpan> = {}): NormalizedSpan {
  return { ...emptySpan(), ...fields };
}

/** A CLIENT span and the SERVER span it called, in another service. */
export function clientServerPair(
  client: Partial<NormalizedSpan> = {},
  server: Partial<NormalizedSpan> = {},
): { client: NormalizedSpan; server: NormalizedSpan } {
  const c = makeSpan({ service: "frontend", kind: SpanKind.CLIENT, name: "GET", ...client });
  const s = makeSpan({
    service: "backend",
    kind: SpanKind.SERVER,
    traceId: c.traceId,
    parentSpanId: c.spanId,
    startUs: c.startUs + 100,
    durationUs: Math.max(0, c.durationUs - 200),
    name: "GET /users/{id}",
    ...server,
  });
  return { client: c, server: s };
}
