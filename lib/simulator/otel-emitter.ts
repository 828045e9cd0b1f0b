// Replays planned spans through the real OpenTelemetry JS SDK: one BasicTracerProvider per
// service instance and version (its resource), parents passed explicitly as span contexts (no
// global provider or context manager), explicit start/end times, and ids scripted from the plan so
// a seed reproduces the exported trace and span ids. Ended spans from every provider collect in
// one buffer and leave in large OTLP/HTTP protobuf batches through one exporter.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Attributes } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, type IdGenerator, type ReadableSpan, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { PlannedSpan } from "./plan";
import type { Instance, TopologyDef } from "./topology";

/** Pauses before offering a refused batch again (after the SDK's own retries). */
const RETRY_PAUSES_MS = [1000, 2000, 4000, 8000];

/** Hands the SDK the ids the planner chose for the span being started. */
class ScriptedIds implements IdGenerator {
  traceId = "";
  spanId = "";
  generateTraceId = () => this.traceId;
  generateSpanId = () => this.spanId;
}

class CollectingProcessor implements SpanProcessor {
  spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

export interface EmitterOptions {
  /** OTLP/HTTP traces URL: the collector agent's http://127.0.0.1:4318/v1/traces or Strata's /v1/traces */
  endpoint: string;
  /** bearer token, when sending to Strata directly */
  token?: string;
  /** replace the OTLP exporter (tests) */
  exporter?: SpanExporter;
  /** pauses before offering a refused batch again (default 1, 2, 4, 8 s) */
  retryPausesMs?: number[];
}

export class OtelEmitter {
  private readonly ids = new ScriptedIds();
  private readonly processor = new CollectingProcessor();
  private readonly providers = new Map<string, BasicTracerProvider>();
  private readonly exporter: SpanExporter;
  private readonly retryPausesMs: number[];
  exportedSpans = 0;
  failedExports = 0;
  lastError: string | null = null;

  constructor(
    private readonly topology: TopologyDef,
    options: EmitterOptions,
  ) {
    this.retryPausesMs = options.retryPausesMs ?? RETRY_PAUSES_MS;
    this.exporter =
      options.exporter ??
      new OTLPTraceExporter({ url: options.endpoint, headers: options.token ? { Authorization: `Bearer ${options.token}` } : {}, timeoutMillis: 30_000 });
  }

  private tracerFor(instance: Instance, version: string) {
    const key = `${instance.podName}|${version}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          "service.name": instance.service,
          "service.namespace": instance.vpc.namespace,
          "service.version": version,
          "service.instance.id": instance.podName,
          "deployment.environment.name": "simulation",
          "k8s.cluster.name": instance.vpc.cluster,
          "k8s.namespace.name": instance.vpc.namespace,
          "k8s.deployment.name": instance.service,
          "k8s.pod.name": instance.podName,
          "k8s.pod.ip": instance.podIp,
          "k8s.node.name": instance.nodeName,
          "cloud.provider": "aws",
          "cloud.platform": "aws_eks",
          "cloud.region": this.topology.region,
          "cloud.availability_zone": instance.zone,
          "cloud.account.id": instance.vpc.accountId,
          "telemetry.sdk.language": "nodejs",
        }),
        idGenerator: this.ids,
        spanProcessors: [this.processor],
      });
      this.providers.set(key, provider);
    }
    return provider.getTracer("strata-simulator", "0.1.0");
  }

  /** Creates and ends the SDK spans of a planned segment; they wait in the buffer for flush(). */
  record(spans: PlannedSpan[]): void {
    for (const p of spans) {
      const ctx = p.parentSpanId
        ? trace.setSpanContext(ROOT_CONTEXT, { traceId: p.traceId, spanId: p.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: p.parentIsRemote })
        : ROOT_CONTEXT;
      this.ids.traceId = p.traceId;
      this.ids.spanId = p.spanId;
      const span = this.tracerFor(p.instance, p.serviceVersion).startSpan(
        p.name,
        {
          kind: p.kind as SpanKind,
          startTime: p.startMs,
          attributes: p.attributes as Attributes,
          links: p.links.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true } })),
        },
        ctx,
      );
      if (p.exception) span.recordException({ name: p.exception.type, message: p.exception.message, stack: `${p.exception.type}: ${p.exception.message}\n    at handler (/app/dist/server.js:1:1)` }, p.exception.atMs);
      if (p.statusCode === 2) span.setStatus({ code: SpanStatusCode.ERROR, message: p.statusMessage });
      span.end(p.endMs);
    }
  }

  get buffered(): number {
    return this.processor.spans.length;
  }

  /**
   * Exports everything buffered, in batches of `batchSize`; resolves when the receiver answered.
   * A batch refused as "retryable" (the collector's 429/503 under memory or queue pressure, once
   * the SDK's own retries are spent) is offered again after a pause, as an SDK's batch processor
   * would keep it: the backfill is paced by the receiver instead of losing history.
   */
  async flush(batchSize = 4000): Promise<void> {
    while (this.processor.spans.length > 0) {
      const batch = this.processor.spans.splice(0, batchSize);
      let outcome = await this.exportOnce(batch);
      for (let attempt = 0; outcome === "retryable" && attempt < this.retryPausesMs.length; attempt++) {
        await new Promise((r) => setTimeout(r, this.retryPausesMs[attempt]));
        outcome = await this.exportOnce(batch);
      }
      if (outcome === "ok") this.exportedSpans += batch.length;
      else this.failedExports++;
    }
  }

  private exportOnce(batch: ReadableSpan[]): Promise<"ok" | "retryable" | "failed"> {
    return new Promise((resolve) =>
      this.exporter.export(batch, (r) => {
        if (r.code === 0) return resolve("ok");
        const message = String(r.error?.message ?? r.error);
        this.lastError = message;
        resolve(/retryable status|ECONNREFUSED|ECONNRESET|timeout/i.test(message) && !/non-retryable/i.test(message) ? "retryable" : "failed");
      }),
    );
  }

  async shutdown(): Promise<void> {
    await this.flush();
    await this.exporter.shutdown();
  }
}
