// A small HTTP control API on the simulator process, for the UI's demo panel and scripts:
//   GET /faults · POST /faults {"name","target?","duration?"} · DELETE /faults/:id · GET /status
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseDuration } from "./durations";
import type { SimulatorHandle } from "./simulator";

export async function startControlServer(sim: SimulatorHandle, port: number, host = "127.0.0.1"): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/faults") return send(200, { faults: sim.faults() });
    if (req.method === "GET" && url.pathname === "/status") return send(200, sim.stats());
    if (req.method === "DELETE" && url.pathname.startsWith("/faults/")) {
      const f = sim.stopFault(decodeURIComponent(url.pathname.slice(8)));
      return f ? send(200, f) : send(404, { error: "no such fault" });
    }
    if (req.method === "POST" && url.pathname === "/faults") {
      let body = "";
      req.on("data", (c) => (body += c).length > 10_000 && req.destroy());
      req.on("end", () => {
        try {
          const r = JSON.parse(body || "{}") as { name?: string; target?: string; duration?: string };
          send(201, sim.startFault({ name: String(r.name ?? ""), target: r.target, durationMs: r.duration ? parseDuration(r.duration) : undefined }));
        } catch (err) {
          send(400, { error: err instanceof Error ? err.message : String(err) });
        }
      });
      return;
    }
    send(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(() => r())) };
}
