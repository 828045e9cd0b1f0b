// OTLP/HTTP trace receiver: POST /v1/traces, binary protobuf or JSON, optionally gzip. Answers
// as the OTLP specification asks ("OTLP/HTTP Response"), in the request's encoding:
//   200 (+ partial_success when some spans were invalid; the client must not retry);
//   400 + google.rpc.Status for a body that cannot be decoded (never retried);
//   413 for a body over the limit after decompression; 415 for a content type or encoding we
//   do not speak; 429/503 + Retry-After while the agent is full (retryable).
// A 200 is sent only after the request is in the intake journal on disk.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildErrorResponse,
  buildExportResponse,
  decodeErrorResponse,
  decodeTraceRequest,
  DecodeError,
  otlpEncodingOf,
  type OtlpEncoding,
  type OtlpHttpResponse,
} from "@/lib/otlp";
import { HttpListener } from "../../ops/http-listener";
import type { ConsumeResult, Consumer, SpanIntake } from "../../pipeline/consumer";
import { BodyError, contentEncodingOf, readRequestBody } from "./request-body";

export const TRACES_PATH = "/v1/traces";

export interface OtlpReceiverEvents {
  accepted(spans: number, rejectedSpans: number): void;
  refused(reason: string): void;
  /** an HTTP status (400, 413, …) or a gRPC status name (INVALID_ARGUMENT) */
  failed(status: number | string): void;
}

export interface OtlpReceiverOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  /** test fault injection: called after a request was accepted, before it is answered */
  beforeAnswer?: () => void;
}

export class OtlpHttpReceiver {
  private readonly http: HttpListener;

  constructor(
    private readonly options: OtlpReceiverOptions,
    private readonly consumer: Consumer<SpanIntake>,
    private readonly events: OtlpReceiverEvents,
  ) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch((err) => {
        console.error("[otlp-http] unexpected error:", err);
        if (!res.headersSent) send(res, buildErrorResponse(500, "internal error", "json"));
      });
    };
    // keep-alive longer than common client idle timeouts
    this.http = new HttpListener(options, handler, { keepAliveTimeoutMs: 65_000 });
  }

  start(): Promise<AddressInfo> {
    return this.http.start();
  }

  get address(): AddressInfo | null {
    return this.http.address;
  }

  /** Stops accepting connections; requests in flight finish (they may still be acknowledged). */
  stop(): Promise<void> {
    return this.http.stop("finish");
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const encoding = otlpEncodingOf(req.headers["content-type"]);
    if (path !== TRACES_PATH) return this.fail(res, buildErrorResponse(404, `unknown path ${path}: send traces to ${TRACES_PATH}`, encoding ?? "json"));
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return this.fail(res, buildErrorResponse(405, `method ${req.method} not allowed: use POST`, encoding ?? "json"));
    }
    if (encoding === null) {
      const given = req.headers["content-type"] ?? "none";
      return this.fail(res, buildErrorResponse(415, `content-type ${given} is not supported: use application/x-protobuf or application/json`, "json"));
    }
    const admitted = this.consumer.admit();
    if (!admitted.ok) return this.refuse(res, admitted, encoding);

    let body: Buffer;
    try {
      body = await readRequestBody(req, contentEncodingOf(req.headers["content-encoding"]), this.options.maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      if (err.status === 413) res.setHeader("connection", "close"); // do not read the rest
      return this.fail(res, buildErrorResponse(err.status, err.message, encoding));
    }

    const receivedAtMs = Date.now();
    let decoded;
    try {
      decoded = decodeTraceRequest(body, encoding, { nowMs: receivedAtMs });
    } catch (err) {
      if (err instanceof DecodeError) return this.fail(res, decodeErrorResponse(err, encoding));
      throw err;
    }
    const result = await this.consumer.consume({ kind: "spans", encoding, body, spans: decoded.spans, rejected: decoded.rejected, receivedAtMs });
    if (!result.ok) return this.refuse(res, result, encoding);
    this.options.beforeAnswer?.();
    this.events.accepted(decoded.spans.length, decoded.rejected);
    send(res, buildExportResponse(decoded, encoding));
  }

  private refuse(res: http.ServerResponse, result: Extract<ConsumeResult, { ok: false }>, encoding: OtlpEncoding): void {
    this.events.refused(result.reason);
    res.setHeader("retry-after", String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
    send(res, buildErrorResponse(result.status, result.message, encoding));
  }

  private fail(res: http.ServerResponse, response: OtlpHttpResponse): void {
    this.events.failed(response.status);
    send(res, response);
  }
}

function send(res: http.ServerResponse, response: OtlpHttpResponse): void {
  res.writeHead(response.status, { "content-type": response.contentType, "content-length": response.body.length });
  res.end(response.body);
}
