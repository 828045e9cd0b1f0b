// One attempt to deliver one stored batch to POST {server}/api/v1/ingest/batches, classified.
// The body is sent exactly as stored (gzip or plain JSON); the token is read per attempt so a
// rotated token file is picked up after a 401.
import { INGEST_BATCH_PATH } from "@/lib/contracts/ingest-batch";
import type { PayloadEncoding } from "./batch-encoding";
import { classifyNetworkError, classifyResponse, type SendOutcome } from "./classify-response";

export interface IngestClientOptions {
  serverUrl: string;
  token: () => string;
  timeoutMs: number;
  userAgent: string;
}

export class IngestClient {
  private readonly url: string;

  constructor(private readonly options: IngestClientOptions) {
    // Relative to the base, so a server behind a path prefix ("https://host/strata/") works.
    this.url = new URL(INGEST_BATCH_PATH.slice(1), options.serverUrl.endsWith("/") ? options.serverUrl : `${options.serverUrl}/`).toString();
  }

  async send(payload: Uint8Array, encoding: PayloadEncoding, abort?: AbortSignal): Promise<SendOutcome> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token()}`,
      "content-type": "application/json",
      "user-agent": this.options.userAgent,
    };
    if (encoding === "gzip") headers["content-encoding"] = "gzip";
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers,
        body: payload as Uint8Array<ArrayBuffer>,
        signal: abort ? AbortSignal.any([abort, timeout]) : timeout,
      });
      const text = await response.text();
      return classifyResponse(response.status, text, response.headers.get("retry-after"));
    } catch (err) {
      return classifyNetworkError(err);
    }
  }
}
