// OTLP/gRPC trace receiver: opentelemetry.proto.collector.trace.v1.TraceService/Export on
// @grpc/grpc-js, decoded by our own protobuf reader (lib/otlp), so no .proto files are loaded:
// the service is declared with pass-through (de)serialisers and the handler decodes the bytes.
// gzip and deflate request compression are handled by grpc-js, within the message size limit
// (measured after decompression: a small bomb is stopped as it inflates). Answers as the OTLP
// specification asks ("OTLP/gRPC Response"):
//   OK with ExportTraceServiceResponse (partial_success when some spans were invalid);
//   INVALID_ARGUMENT for a message that cannot be decoded (never retried);
//   RESOURCE_EXHAUSTED for a message over the size limit (grpc-js; no RetryInfo: not retried);
//   RESOURCE_EXHAUSTED (queue or journal full) or UNAVAILABLE (memory, shutting down), both with
//   RetryInfo, while the agent is full: the client retries after the delay.
// Like OTLP/HTTP, OK is answered only after the request is in the intake journal on disk.
import * as grpc from "@grpc/grpc-js";
import type { AddressInfo } from "node:net";
import { buildExportResponse, decodeTraceRequest, DecodeError } from "@/lib/otlp";
import type { ConsumeResult, Consumer, SpanIntake } from "../../pipeline/consumer";
import type { OtlpReceiverEvents } from "../otlp-http/otlp-http-receiver";
import { encodeStatusWithRetryInfo } from "./grpc-status-details";

export const TRACE_EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

export interface OtlpGrpcReceiverOptions {
  host: string;
  port: number;
  /** largest message, after decompression (RESOURCE_EXHAUSTED above) */
  maxMessageBytes: number;
  /** test fault injection: called after a request was accepted, before it is answered */
  beforeAnswer?: () => void;
}

const passThrough = (b: Buffer): Buffer => b;
const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const TRACE_SERVICE: grpc.ServiceDefinition = {
  Export: {
    path: TRACE_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: toBuffer,
    requestDeserialize: passThrough,
    responseSerialize: toBuffer,
    responseDeserialize: passThrough,
  },
};

type Answer = { ok: true; body: Uint8Array } | { ok: false; error: Partial<grpc.StatusObject> };

export class OtlpGrpcReceiver {
  private server: grpc.Server | null = null;
  private bound: AddressInfo | null = null;

  constructor(
    private readonly options: OtlpGrpcReceiverOptions,
    private readonly consumer: Consumer<SpanIntake>,
    private readonly events: OtlpReceiverEvents,
  ) {}

  async start(): Promise<AddressInfo> {
    const server = new grpc.Server({
      "grpc.max_receive_message_length": this.options.maxMessageBytes,
      "grpc.max_send_message_length": 64 * 1024,
    });
    server.addService(TRACE_SERVICE, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => {
        this.export(call.request).then(
          (answer) => (answer.ok ? callback(null, answer.body) : callback(answer.error)),
          (err: unknown) => {
            console.error("[otlp-grpc] unexpected error:", err);
            callback({ code: grpc.status.INTERNAL, details: "internal error" });
          },
        );
      },
    });
    const { host, port } = this.options;
    const target = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    const boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    this.server = server;
    this.bound = { address: host, family: host.includes(":") ? "IPv6" : "IPv4", port: boundPort };
    return this.bound;
  }

  get address(): AddressInfo | null {
    return this.server ? this.bound : null;
  }

  /** Stops taking calls; calls in flight finish until the deadline, then the rest are cancelled. */
  async stop(deadlineMs = Date.now() + 5000): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, Math.max(0, deadlineMs - Date.now()));
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private async export(body: Buffer): Promise<Answer> {
    const admitted = this.consumer.admit();
    if (!admitted.ok) return this.refuse(admitted);
    const receivedAtMs = Date.now();
    let decoded;
    try {
      decoded = decodeTraceRequest(body, "protobuf", { nowMs: receivedAtMs });
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      this.events.failed("INVALID_ARGUMENT");
      return { ok: false, error: { code: grpc.status.INVALID_ARGUMENT, details: `invalid OTLP protobuf trace request: ${err.message}` } };
    }
    const result = await this.consumer.consume({ kind: "spans", encoding: "protobuf", body, spans: decoded.spans, rejected: decoded.rejected, receivedAtMs });
    if (!result.ok) return this.refuse(result);
    this.options.beforeAnswer?.();
    this.events.accepted(decoded.spans.length, decoded.rejected);
    return { ok: true, body: buildExportResponse(decoded, "protobuf").body };
  }

  private refuse(result: Extract<ConsumeResult, { ok: false }>): Answer {
    this.events.refused(result.reason);
    // A full queue or journal is a quota (RESOURCE_EXHAUSTED); memory and shutdown make this
    // agent unavailable for a moment. Both carry RetryInfo, so both are retried after the delay.
    const code = result.status === 429 ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.UNAVAILABLE;
    const metadata = new grpc.Metadata();
    metadata.set("grpc-status-details-bin", encodeStatusWithRetryInfo(code, result.message, result.retryAfterMs));
    return { ok: false, error: { code, details: result.message, metadata } };
  }
}
