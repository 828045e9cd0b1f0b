// Health and metrics on their own port (default :8888, as the OTel Collector's telemetry), so a
// saturated OTLP port never hides the agent's state:
//   GET /healthz  200 while the process runs (liveness);
//   GET /readyz   200 while the agent accepts input, 503 with the reason otherwise (readiness:
//                 Kubernetes takes a full or stopping agent out of the Service);
//   GET /metrics  Prometheus text.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpListener } from "./http-listener";
import type { Registry } from "./metrics";

export interface Readiness {
  /** null when ready, else why not */
  notReadyReason(): string | null;
}

export class OpsServer {
  private readonly http: HttpListener;

  constructor(
    listen: { host: string; port: number },
    private readonly registry: Registry,
    private readonly readiness: Readiness,
  ) {
    this.http = new HttpListener(listen, (req, res) => this.handle(req, res));
  }

  start(): Promise<AddressInfo> {
    return this.http.start();
  }

  get address(): AddressInfo | null {
    return this.http.address;
  }

  stop(): Promise<void> {
    return this.http.stop("abort");
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return reply(res, 405, "use GET\n");
    if (path === "/healthz") return reply(res, 200, "ok\n");
    if (path === "/readyz") {
      const reason = this.readiness.notReadyReason();
      return reason === null ? reply(res, 200, "ready\n") : reply(res, 503, `not ready: ${reason}\n`);
    }
    if (path === "/metrics") return reply(res, 200, this.registry.render(), "text/plain; version=0.0.4; charset=utf-8");
    reply(res, 404, "not found: /healthz, /readyz, /metrics\n");
  }
}

function reply(res: http.ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
