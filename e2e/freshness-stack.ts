// The ingest road of "a span that reaches the collector shows on the graph": a collector agent
// started through bin/strata-collector.mjs (as `npm start` does, scripts/local-stack.mjs) with a
// config pointing at the server, on ephemeral ports it reports in its start-up line, and a span
// tree for a brand-new service pair sent to it as OTLP/JSON. Used by e2e/freshness.spec.ts and
// bench/ui (which times it).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CollectorProcess {
  otlpUrl: string;
  stop(): Promise<void>;
}

/** `cutMs`: the agent's batch.maxAge; npm start's local agent uses 1 s, the fleet default is 5 s. */
export async function startCollector(serverUrl: string, token: string, cutMs = 1000): Promise<CollectorProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "strata-freshness-"));
  writeFileSync(path.join(dir, "token"), token + "\n", { mode: 0o600 });
  const config = path.join(dir, "collector.yaml");
  writeFileSync(config, [
    "server:",
    `  url: ${serverUrl}`,
    `  tokenFile: ${path.join(dir, "token")}`,
    "cluster: freshness",
    `dataDir: ${path.join(dir, "data")}`,
    "otlp:",
    "  http:",
    "    listen: 127.0.0.1:0",
    "metrics:",
    "  listen: 127.0.0.1:0",
    "batch:",
    `  maxAge: ${cutMs}ms`,
    "",
  ].join("\n"));
  const child: ChildProcess = spawn(process.execPath, [path.join(process.cwd(), "bin/strata-collector.mjs"), "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const started = /started: OTLP\/HTTP on ([\d.]+:\d+)/;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = started.exec(out);
    if (m) {
      return {
        otlpUrl: `http://${m[1]}`,
        async stop() {
          if (child.exitCode === null) {
            const exited = new Promise((r) => child.once("exit", r));
            child.kill("SIGTERM");
            await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
            if (child.exitCode === null) child.kill("SIGKILL");
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`collector did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const str = (v: string) => ({ stringValue: v });
const hex = (len: number) => Array.from({ length: len }, () => Math.floor(Math.random() * 16).toString(16)).join("");

/** caller's server span → caller's client span → callee's server span, ending now. */
export function newPairTrace(caller: string, callee: string) {
  const traceId = hex(32);
  const [root, client, server] = [hex(16), hex(16), hex(16)];
  const end = BigInt(Date.now()) * 1_000_000n;
  const ns = (msBeforeEnd: number) => String(end - BigInt(msBeforeEnd) * 1_000_000n);
  const resource = (service: string) => ({ attributes: [{ key: "service.name", value: str(service) }] });
  return {
    resourceSpans: [
      { resource: resource(caller), scopeSpans: [{ spans: [
        { traceId, spanId: root, name: "GET /", kind: 2, startTimeUnixNano: ns(40), endTimeUnixNano: ns(0) },
        { traceId, spanId: client, parentSpanId: root, name: "GET", kind: 3, startTimeUnixNano: ns(35), endTimeUnixNano: ns(5),
          attributes: [{ key: "http.request.method", value: str("GET") }, { key: "server.address", value: str(callee) }] },
      ] }] },
      { resource: resource(callee), scopeSpans: [{ spans: [
        { traceId, spanId: server, parentSpanId: client, name: "GET /fresh", kind: 2, startTimeUnixNano: ns(30), endTimeUnixNano: ns(10),
          attributes: [{ key: "http.request.method", value: str("GET") }, { key: "http.response.status_code", value: { intValue: "200" } }] },
      ] }] },
    ],
  };
}

export async function sendToCollector(otlpUrl: string, body: unknown): Promise<void> {
  const res = await fetch(`${otlpUrl}/v1/traces`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`collector refused the spans: ${res.status} ${await res.text()}`);
}

export const serviceEdgeId = (caller: string, callee: string) => `service:${caller}->service:${callee}:http`;
