// One synchronous call between two services: the client span, the network path (in-cluster, or
// across VPCs through VPC Lattice), and the server side. Network faults act here: a rejected
// connection times out with no server span, a Lattice auth denial answers 403 without reaching
// the target, packet loss delays the request by retransmission timeouts.
import { Kind, type PlannedSpan, type Segment } from "./plan";
import { GrpcCode, grpcAttrs, httpClient } from "./span-attributes";
import type { TraceBuilder } from "./trace-builder";
import type { Instance, Step } from "./topology";

type CallStep = Extract<Step, { kind: "call" }>;

const HTTP_TIMEOUT_MS = 3000;
const GRPC_DEADLINE_MS = 2000;
const MIN_RTO_MS = 200; // Linux TCP minimum retransmission timeout
const MAX_ATTEMPTS_IN_STORM = 4;

/** The Lattice-provided DNS name of a service (what clients in the other VPC call). */
export function latticeHost(service: string, region: string): string {
  return `${service}-0${service.length.toString(16)}e5a7c1d9.7d67968.vpc-lattice-svcs.${region}.on.aws`;
}

/** Lattice reaches targets from the link-local range 169.254.171.0/24. */
export function latticeAddress(instance: Instance): string {
  return `169.254.171.${(instance.index * 37 + instance.podIp.length * 11) % 250 + 2}`;
}

export function runServiceCall(b: TraceBuilder, step: CallStep, caller: Instance, t: number, parentSpanId: string, segment: Segment): { endMs: number; failed: boolean } {
  // Retries happen only while the callee is recovering from an outage: the fleet retries without backoff.
  const storm = b.faults.retryStorm(step.service, t);
  const attempts = storm ? MAX_ATTEMPTS_IN_STORM : 1;
  let r = { endMs: t, failed: false };
  for (let i = 0; i < attempts; i++) {
    r = callOnce(b, step, caller, i === 0 ? t : r.endMs + b.rand.next(), parentSpanId, segment);
    if (!r.failed) break;
  }
  return r;
}

function callOnce(b: TraceBuilder, step: CallStep, caller: Instance, t: number, parentSpanId: string, segment: Segment): { endMs: number; failed: boolean } {
  const { rand, faults } = b;
  const svc = b.service(step.service);
  const server = rand.pick(b.placement.byService.get(svc.name)!);
  const crossVpc = caller.vpc.name !== server.vpc.name;
  const host = crossVpc ? latticeHost(svc.name, b.topology.region) : svc.name;
  const port = crossVpc ? 443 : svc.port;
  const peer = crossVpc ? "169.254.171.1" : server.podIp;
  const oneWay = crossVpc ? rand.logNormal(1.2, 0.3) : rand.logNormal(0.15, 0.3);
  const grpc = svc.protocol === "grpc";
  const [method, route] = grpc ? ["POST", `/${svc.rpcService}/${step.operation}`] : step.operation.split(" ");
  const path = route.replace(/\{[^}]+\}/g, () => String(rand.int(1000, 99999)));
  const spanId = rand.hex(16);

  const span: PlannedSpan = {
    traceId: b.traceId,
    spanId,
    parentSpanId,
    parentIsRemote: false,
    instance: caller,
    serviceVersion: b.versionOf(caller.service, t),
    name: grpc ? `${svc.rpcService}/${step.operation}` : method,
    kind: Kind.CLIENT,
    startMs: t,
    endMs: t,
    attributes: {},
    statusCode: 0,
    links: [],
  };
  const setOutcome = (status: number | null, code: number, failed: boolean) => {
    span.attributes = grpc
      ? grpcAttrs(svc.rpcService ?? svc.name, step.operation, code, "client", host, port, peer)
      : httpClient(method, `${crossVpc ? "https" : "http"}://${host}${crossVpc ? "" : `:${port}`}${path}`, host, port, peer, status);
    span.attributes["service.peer.name"] = svc.name;
    if (failed) span.statusCode = 2;
  };
  const call = {
    traceId: b.traceId,
    startMs: t,
    endMs: t,
    client: caller,
    server,
    serverService: svc.name,
    host,
    dstAddr: server.podIp,
    dstPort: svc.port,
    appProtocol: grpc ? ("grpc" as const) : ("http" as const),
    crossVpc,
    outcome: "ok" as "ok" | "error" | "rejected" | "auth-denied",
    requestBytes: rand.int(300, 1500),
    responseBytes: rand.int(400, 3000),
    retransmits: 0,
    http: { method, path, status: null as number | null },
  };
  b.calls.push(call);
  segment.spans.push(span);

  if (faults.isRejected(caller.service, svc.name, t)) {
    // SYNs are dropped: the client waits for its whole timeout; the server never sees the request
    span.endMs = call.endMs = t + (grpc ? GRPC_DEADLINE_MS : HTTP_TIMEOUT_MS) + rand.next() * 5;
    setOutcome(null, GrpcCode.DEADLINE_EXCEEDED, true);
    span.attributes["error.type"] = grpc ? String(GrpcCode.DEADLINE_EXCEEDED) : "UND_ERR_CONNECT_TIMEOUT";
    span.statusMessage = grpc ? "Deadline exceeded" : `connect ETIMEDOUT ${peer}:${port}`;
    span.exception = { type: grpc ? "Error" : "ConnectTimeoutError", message: span.statusMessage, atMs: span.endMs };
    call.outcome = "rejected";
    call.responseBytes = 0;
    return { endMs: span.endMs, failed: true };
  }
  if (crossVpc && faults.isAuthDenied(caller.service, svc.name, t)) {
    span.endMs = call.endMs = t + 2 * oneWay + rand.logNormal(1.5, 0.3);
    setOutcome(403, GrpcCode.PERMISSION_DENIED, true);
    span.attributes["error.type"] = grpc ? String(GrpcCode.PERMISSION_DENIED) : "403";
    span.statusMessage = grpc ? "AccessDeniedException" : "Forbidden";
    call.outcome = "auth-denied";
    call.http.status = 403;
    call.responseBytes = 180;
    return { endMs: span.endMs, failed: true };
  }
  const loss = faults.packetLoss(caller.service, svc.name, t);
  let delay = 0;
  while (call.retransmits < 4 && loss > 0 && rand.chance(loss)) delay += MIN_RTO_MS * 2 ** call.retransmits++;

  const res = b.serve({ service: svc.name, operation: step.operation, instance: server, startMs: t + oneWay + delay, parentSpanId: spanId, segment, callerAddress: crossVpc ? latticeAddress(server) : caller.podIp });
  span.endMs = call.endMs = res.endMs + oneWay;
  const status = grpc ? 200 : res.httpStatus;
  setOutcome(status, res.grpcCode, res.failed);
  if (res.failed) {
    span.attributes["error.type"] = grpc ? String(res.grpcCode) : String(res.httpStatus);
    span.statusMessage = grpc ? "Internal" : `HTTP ${res.httpStatus}`;
  }
  call.outcome = res.failed ? "error" : "ok";
  call.http.status = grpc ? 200 : res.httpStatus;
  return { endMs: span.endMs, failed: res.failed };
}
