// Plans one request through the topology: the gateway's server span, every hop below it, and the
// asynchronous consumers of the messages it produced. Faults in force at each hop's time bend the
// outcome (latency, errors, missing server spans). Pure and deterministic for a given Random.
import { FaultSet } from "./fault-set";
import { nextVersion } from "./faults";
import type { Placement } from "./instances";
import { Kind, type PlannedSpan, type Segment, type TracePlan } from "./plan";
import type { Random } from "./random";
import { runBackendStep, runExternalStep, runProduceStep } from "./step-planners";
import { concretePath, grpcAttrs, GrpcCode, httpServer, messagingAttrs } from "./span-attributes";
import { runServiceCall } from "./service-call";
import type { ServeRequest, ServeResult, TraceBuilder } from "./trace-builder";
import type { TopologyDef } from "./topology";

export interface Planner {
  planTrace(startMs: number): TracePlan;
}

export function createPlanner(topology: TopologyDef, placement: Placement, faults: FaultSet, rand: Random): Planner {
  const services = new Map(topology.services.map((s) => [s.name, s]));
  const offsets = new Map<string, number>();
  const totalWeight = topology.entries.reduce((n, e) => n + e.weight, 0);
  const pickEntry = () => {
    let x = rand.next() * totalWeight;
    for (const e of topology.entries) if ((x -= e.weight) < 0) return e;
    return topology.entries[0];
  };

  function planTrace(startMs: number): TracePlan {
    const root: Segment = { dueMs: 0, spans: [] };
    const b: TraceBuilder = {
      topology,
      placement,
      faults,
      rand,
      traceId: rand.hex(32),
      segments: [root],
      calls: [],
      service: (name) => {
        const s = services.get(name);
        if (!s) throw new Error(`topology: unknown service ${name}`);
        return s;
      },
      serve: (req) => serve(b, req),
      runStep: (step, caller, t, parentSpanId, segment) => {
        switch (step.kind) {
          case "call":
            return runServiceCall(b, step, caller, t, parentSpanId, segment);
          case "db":
          case "cache":
            return runBackendStep(b, step, caller, t, parentSpanId, segment);
          case "produce":
            return runProduceStep(b, step, caller, t, parentSpanId, segment);
          case "external":
            return runExternalStep(b, step, caller, t, parentSpanId, segment);
        }
      },
      versionOf: (service, t) => faults.badVersion(service, t) ?? b.service(service).version,
      nextOffset: (topic) => {
        const n = (offsets.get(topic) ?? 100_000) + 1;
        offsets.set(topic, n);
        return n;
      },
    };
    const entry = pickEntry();
    const gateway = placement.byService.get(topology.gateway)!;
    b.serve({
      service: topology.gateway,
      operation: entry.operation,
      instance: rand.pick(gateway),
      startMs,
      parentSpanId: null,
      segment: root,
      callerAddress: `198.51.100.${rand.int(2, 254)}`,
    });
    for (const s of b.segments) s.dueMs = s.spans.reduce((m, x) => Math.max(m, x.endMs), 0);
    return { traceId: b.traceId, segments: b.segments, calls: b.calls };
  }

  return { planTrace };
}

function exceptionFor(b: TraceBuilder, service: string, t: number, badVersion: boolean, overloaded: boolean): { type: string; message: string } {
  if (badVersion) return { type: "TypeError", message: `Cannot read properties of undefined (reading 'currency') [${service} ${b.versionOf(service, t)}]` };
  if (overloaded) return { type: "ServiceUnavailableError", message: `${service} overloaded: request queue full` };
  return { type: "InternalServerError", message: `${service}: unexpected failure handling request` };
}

/** The server (or consumer) side of one request: own work around the steps, then the outcome. */
function serve(b: TraceBuilder, req: ServeRequest): ServeResult {
  const svc = b.service(req.service);
  const op = svc.operations.find((o) => o.name === req.operation);
  if (!op) throw new Error(`topology: ${req.service} has no operation ${req.operation}`);
  const { rand, faults } = b;
  const t = req.startMs;
  const spanId = rand.hex(16);
  const version = b.versionOf(svc.name, t);
  const badVersion = version !== svc.version && version === nextVersion(svc.version);
  const storm = faults.retryStorm(svc.name, t);
  let self = rand.logNormal(op.selfLatency.medianMs, op.selfLatency.sigma) + faults.extraLatencyMs(svc.name, t);
  if (storm === "storm") self = self * 8 + rand.logNormal(120, 0.5); // queueing behind the retry flood

  let cursor = t + self * 0.3;
  let failed = false;
  let overloaded = false;
  if (storm === "outage") {
    failed = overloaded = true; // fails fast: nothing behind it is called
    cursor = t + rand.logNormal(0.8, 0.3);
  } else {
    for (const step of op.steps) {
      if (step.kind === "call" && step.optional !== undefined && faults.retryStorm(step.service, cursor) === null && !rand.chance(step.optional)) continue;
      const r = b.runStep(step, req.instance, cursor, spanId, req.segment);
      cursor = r.endMs + rand.next() * 0.3;
      if (r.failed && (step.kind !== "call" || step.optional === undefined)) {
        failed = rand.chance(0.9); // most handlers turn a failed dependency into their own failure
        if (failed) break;
      }
    }
    cursor += self * 0.7;
  }
  let ownFailure = false;
  if (!failed) {
    const rate = op.errorRate + faults.operationErrorRate(svc.name, op.name, t) + (badVersion ? 0.33 : 0) + (storm === "storm" ? 0.6 : 0);
    ownFailure = failed = rand.chance(rate);
    overloaded = storm === "storm" && failed;
  }
  const httpStatus = failed ? (overloaded ? 503 : 500) : 200;
  const grpcCode = failed ? (overloaded ? GrpcCode.UNAVAILABLE : GrpcCode.INTERNAL) : GrpcCode.OK;

  const span: PlannedSpan = {
    traceId: b.traceId,
    spanId,
    parentSpanId: req.parentSpanId,
    parentIsRemote: true,
    instance: req.instance,
    serviceVersion: version,
    name: op.name,
    kind: Kind.SERVER,
    startMs: t,
    endMs: cursor,
    attributes: {},
    statusCode: failed ? 2 : 0,
    links: [],
  };
  if (req.consumer) {
    const c = req.consumer;
    span.kind = Kind.CONSUMER;
    span.name = `process ${c.topic}`;
    span.attributes = messagingAttrs(c.topic, "process", c.broker, c.port, c.partition, c.offset, svc.name);
    span.links = [{ traceId: b.traceId, spanId: c.producerSpanId }];
  } else if (svc.protocol === "grpc") {
    span.name = `${svc.rpcService}/${op.name}`;
    span.attributes = grpcAttrs(svc.rpcService ?? svc.name, op.name, grpcCode, "server", svc.name, svc.port, req.callerAddress);
  } else {
    const [method, route] = op.name.split(" ");
    span.attributes = httpServer(method, route, concretePath(route, rand.int(1000, 99999)), httpStatus, req.callerAddress, svc.port);
  }
  if (failed) {
    span.statusMessage = overloaded ? "Service Unavailable" : "Internal Server Error";
    span.attributes["error.type"] = req.consumer ? "ProcessingError" : svc.protocol === "grpc" ? String(grpcCode) : String(httpStatus);
  }
  if (ownFailure || overloaded) span.exception = { ...exceptionFor(b, svc.name, t, badVersion, overloaded), atMs: cursor - 0.05 };
  req.segment.spans.push(span);
  return { endMs: cursor, failed, httpStatus, grpcCode };
}
