// The agent's one way to run a node:http server (the ops endpoints, the OTLP/HTTP receiver):
// listen, failing on a taken port so start() fails fast, report the bound address, and stop.
// Stopping either lets requests in flight finish (an OTLP request being journaled must still be
// answered) or closes every connection at once (nothing on the ops port is worth waiting for).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type InFlight = "finish" | "abort";

export class HttpListener {
  private server: http.Server | null = null;

  constructor(
    private readonly listen: { host: string; port: number },
    private readonly handler: http.RequestListener,
    private readonly options: { keepAliveTimeoutMs?: number } = {},
  ) {}

  async start(): Promise<AddressInfo> {
    const server = http.createServer(this.handler);
    if (this.options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = this.options.keepAliveTimeoutMs;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.listen.port, this.listen.host, () => resolve());
    });
    this.server = server;
    return server.address() as AddressInfo;
  }

  get address(): AddressInfo | null {
    return (this.server?.address() as AddressInfo | null) ?? null;
  }

  /** Stops accepting connections; safe to call twice. */
  async stop(inFlight: InFlight): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if (inFlight === "abort") server.closeAllConnections();
    else server.closeIdleConnections();
    await closed;
  }
}
