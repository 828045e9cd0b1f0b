// The baseline: an HTTP server that reads each request body and answers 200, nothing else.
// Spans/s through it are the ceiling of this machine's HTTP stack for the same payloads.
import http from "node:http";
import type { AddressInfo } from "node:net";

export async function startNoopServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.on("data", () => undefined);
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf", "content-length": 0 }).end());
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

/** bench/collector/decode-server.ts as a child process, pinned like the agent. */
export async function startDecodeServer(prefix: string[]): Promise<{ url: string; close: () => void }> {
  const { spawn } = await import("node:child_process");
  const path = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, "../..");
  const argv = [process.execPath, "--conditions=react-server", "--import", "tsx", path.join(here, "decode-server.ts")];
  const command = [...prefix, ...argv];
  const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") }, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", () => reject(new Error(`decode server exited: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill() };
}
