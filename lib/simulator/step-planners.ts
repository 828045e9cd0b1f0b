// The steps that reach uninstrumented things: database and cache queries, Kafka produce (which
// fans out to the consumer groups as new segments), and the external card network.
import { Kind, type PlannedSpan, type Segment } from "./plan";
import { dbAttrs, httpClient, messagingAttrs } from "./span-attributes";
import type { TraceBuilder } from "./trace-builder";
import type { Instance, Step } from "./topology";

type Result = { endMs: number; failed: boolean };

function clientSpan(b: TraceBuilder, caller: Instance, parentSpanId: string, name: string, kind: PlannedSpan["kind"], t: number): PlannedSpan {
  return {
    traceId: b.traceId,
    spanId: b.rand.hex(16),
    parentSpanId,
    parentIsRemote: false,
    instance: caller,
    serviceVersion: b.versionOf(caller.service, t),
    name,
    kind,
    startMs: t,
    endMs: t,
    attributes: {},
    statusCode: 0,
    links: [],
  };
}

function backendOf(b: TraceBuilder, name: string) {
  const backend = b.topology.backends.find((x) => x.name === name);
  if (!backend) throw new Error(`topology: unknown backend ${name}`);
  return { backend, instances: b.placement.byService.get(name)! };
}

export function runBackendStep(b: TraceBuilder, step: Extract<Step, { kind: "db" | "cache" }>, caller: Instance, t: number, parentSpanId: string, segment: Segment): Result {
  const { rand } = b;
  const { backend, instances } = backendOf(b, step.target);
  const server = rand.pick(instances);
  const slowdown = b.faults.backendSlowdown(backend.name, t);
  const latency = rand.logNormal(backend.latency.medianMs, backend.latency.sigma) * slowdown;
  // a slow database pushes some queries past the statement timeout
  const failed = rand.chance(slowdown > 1 ? 0.08 : 0.0005);
  const isPg = backend.kind === "postgresql";
  const name = isPg && step.kind === "db" ? `${step.operation} ${backend.namespace}.${step.collection}` : step.operation;
  const span = clientSpan(b, caller, parentSpanId, name, Kind.CLIENT, t);
  span.endMs = t + latency;
  const query = step.kind === "db" ? step.query : `${step.operation} ${step.key.replace(/\{[^}]+\}/g, "?")}`;
  span.attributes = dbAttrs(isPg ? "postgresql" : "redis", backend.name, backend.port, server.podIp, step.operation, query, backend.namespace, step.kind === "db" ? step.collection : undefined);
  if (failed) {
    span.statusCode = 2;
    span.statusMessage = isPg ? "canceling statement due to statement timeout" : "Command timed out";
    span.attributes["error.type"] = isPg ? "57014" : "TimeoutError";
    if (isPg) span.attributes["db.response.status_code"] = "57014";
    span.exception = { type: isPg ? "DatabaseError" : "TimeoutError", message: span.statusMessage, atMs: span.endMs };
  }
  segment.spans.push(span);
  b.calls.push({ traceId: b.traceId, startMs: t, endMs: span.endMs, client: caller, server, serverService: backend.name, host: backend.name, dstAddr: server.podIp, dstPort: backend.port, appProtocol: isPg ? "postgresql" : "redis", crossVpc: false, outcome: failed ? "error" : "ok", requestBytes: rand.int(120, 600), responseBytes: rand.int(80, 4000), retransmits: 0 });
  return { endMs: span.endMs, failed };
}

export function runProduceStep(b: TraceBuilder, step: Extract<Step, { kind: "produce" }>, caller: Instance, t: number, parentSpanId: string, segment: Segment): Result {
  const { rand } = b;
  const topic = b.topology.topics.find((x) => x.name === step.topic);
  if (!topic) throw new Error(`topology: unknown topic ${step.topic}`);
  const { backend, instances } = backendOf(b, topic.broker);
  const partition = rand.int(0, 6);
  const broker = instances[partition % instances.length];
  const offset = b.nextOffset(topic.name);
  const span = clientSpan(b, caller, parentSpanId, `send ${topic.name}`, Kind.PRODUCER, t);
  span.endMs = t + rand.logNormal(backend.latency.medianMs, backend.latency.sigma);
  span.attributes = messagingAttrs(topic.name, "send", backend.name, backend.port, partition, offset);
  segment.spans.push(span);
  b.calls.push({ traceId: b.traceId, startMs: t, endMs: span.endMs, client: caller, server: broker, serverService: backend.name, host: `${broker.podName}.${backend.name}-headless`, dstAddr: broker.podIp, dstPort: backend.port, appProtocol: "kafka", crossVpc: false, outcome: "ok", requestBytes: rand.int(400, 1200), responseBytes: 60, retransmits: 0 });

  for (const consumer of topic.consumers) {
    const queued = rand.logNormal(topic.queueLatency.medianMs, topic.queueLatency.sigma) + b.faults.consumerLagMs(consumer.service, span.endMs);
    const start = span.endMs + queued;
    const instance = rand.pick(b.placement.byService.get(consumer.service)!);
    // the consumer fetched the message from the partition leader shortly before processing it
    b.calls.push({ traceId: b.traceId, startMs: start - 1, endMs: start, client: instance, server: broker, serverService: backend.name, host: `${broker.podName}.${backend.name}-headless`, dstAddr: broker.podIp, dstPort: backend.port, appProtocol: "kafka", crossVpc: false, outcome: "ok", requestBytes: 90, responseBytes: rand.int(400, 1200), retransmits: 0 });
    const own: Segment = { dueMs: 0, spans: [] };
    b.segments.push(own);
    b.serve({ service: consumer.service, operation: consumer.operation, instance, startMs: start, parentSpanId: span.spanId, segment: own, callerAddress: broker.podIp, consumer: { topic: topic.name, partition, offset, broker: backend.name, port: backend.port, producerSpanId: span.spanId } });
  }
  return { endMs: span.endMs, failed: false };
}

export function runExternalStep(b: TraceBuilder, step: Extract<Step, { kind: "external" }>, caller: Instance, t: number, parentSpanId: string, segment: Segment): Result {
  const { rand } = b;
  const ext = b.topology.externals.find((x) => x.name === step.target);
  if (!ext) throw new Error(`topology: unknown external ${step.target}`);
  const failed = rand.chance(ext.errorRate);
  const status = failed ? 502 : 201;
  const span = clientSpan(b, caller, parentSpanId, step.method, Kind.CLIENT, t);
  span.endMs = t + rand.logNormal(ext.latency.medianMs, ext.latency.sigma);
  span.attributes = httpClient(step.method, `https://${ext.host}${step.path}`, ext.host, ext.port, ext.address, status);
  span.attributes["peer.service"] = ext.name;
  span.attributes["service.peer.name"] = ext.name;
  if (failed) {
    span.statusCode = 2;
    span.statusMessage = "Bad Gateway";
    span.attributes["error.type"] = "502";
  }
  segment.spans.push(span);
  b.calls.push({ traceId: b.traceId, startMs: t, endMs: span.endMs, client: caller, server: null, serverService: ext.name, host: ext.host, dstAddr: ext.address, dstPort: ext.port, appProtocol: "https", crossVpc: false, outcome: failed ? "error" : "ok", requestBytes: rand.int(600, 1400), responseBytes: rand.int(300, 900), retransmits: 0, http: { method: step.method, path: step.path, status } });
  return { endMs: span.endMs, failed };
}
