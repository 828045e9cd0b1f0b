// kill -9 in the middle of a stream: the agent runs as a child process against the REAL ingest
// handler on PostgreSQL; one run goes undisturbed, the other is SIGKILLed mid-stream (with
// acknowledged spans still in memory, span pairs straddling the kill, flow lines read but not
// yet shipped, and one request in flight: journaled and processed, never answered, so its
// client retries it after the restart) and restarted on the same data directory. The server
// must end up with the same rollups and the same raw rows for both: nothing lost, nothing
// counted twice.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnAgent, scrape, writeConfigFile, type AgentProcess } from "../testing/agent-process";
import { KILL_BEFORE_ANSWER_ENV } from "./fault-injection";
import { tempDir } from "../testing/agent-config";
import { postTraces, traceRequest } from "../testing/otlp-traffic";
import { rollupTotals, startTestServer, type TestServer } from "../testing/strata-test-server";
import { waitFor } from "../testing/wait-for";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer("postgres");
});
afterAll(async () => server?.close());

const NOW = Date.now() - 10_000;
const VPC_START = Math.floor(NOW / 1000) - 60;
// Flows between the pods the spans' resources name (k8s.pod.ip), so flow enrichment is exercised.
const flowLine = (n: number) => `2 123456789010 eni-0a1b2c3d 10.1.0.10 10.1.0.20 ${20_000 + n} 8080 6 3 ${200 + n} ${VPC_START} ${VPC_START + 30} ${n % 7 === 0 ? "REJECT" : "ACCEPT"} OK`;
const flowLines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${flowLine(from + i)}\n`).join("");

/** Request i: the client halves of traces [10i, 10i+10) and the server halves of the previous ten. */
function request(i: number): Record<string, unknown> {
  const clients = i < 12 ? (traceRequest(i * 10, i * 10 + 10, NOW + i * 10, "clients").resourceSpans as unknown[]) : [];
  const servers = i > 0 ? (traceRequest((i - 1) * 10, i * 10, NOW + (i - 1) * 10, "servers").resourceSpans as unknown[]) : [];
  return { resourceSpans: [...clients, ...servers] };
}

async function send(agent: AgentProcess, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const res = await postTraces(agent.otlpUrl, request(i));
    expect(res.status, agent.output()).toBe(200);
  }
}

async function tailCaughtUp(agent: AgentProcess): Promise<void> {
  await waitFor(() => scrape(agent.opsUrl, "strata_collector_tail_lag_bytes"), (lags) => lags.length > 0 && lags.every((l) => l === 0), 15_000, "tail lag 0");
}

async function stop(agent: AgentProcess): Promise<void> {
  agent.child.kill("SIGTERM");
  expect(await agent.exited, agent.output()).toBe(0);
}

async function setup(name: string) {
  const cluster = await server.createCluster(name);
  const dir = tempDir();
  const flows = path.join(dir, "vpc-flows.log");
  fs.writeFileSync(flows, "");
  const config = writeConfigFile(dir, {
    server: { url: server.url, token: cluster.token, timeout: "5s" },
    cluster: name,
    otlp: { http: { listen: "127.0.0.1:0" }, grpc: { listen: "127.0.0.1:0" } },
    metrics: { listen: "127.0.0.1:0" },
    dataDir: path.join(dir, "data"),
    sources: [{ path: flows, format: "aws-vpc-flow" }],
    // A cut a second: the requests sent right after one are still uncommitted when the kill comes.
    batch: { maxAge: "1s" },
    retry: { initialInterval: "50ms", maxInterval: "500ms" },
    replay: { batchesPerSecond: 100 },
    memory: { softLimitMiB: 2000, hardLimitMiB: 4000 },
    // A client span whose server span comes after the restart waits across it: on a loaded
    // machine the restart alone took over the default 10 s and the pair expired as virtual.
    // Both runs use the same wait, and every pair completes before the agent stops.
    pairing: { wait: "60s" },
  });
  return { cluster, flows, config };
}

describe("kill -9 mid-stream, on PostgreSQL", () => {
  it("ends with the same rollups and raw rows as an undisturbed run", async () => {
    const calm = await setup("undisturbed");
    const a = await spawnAgent(calm.config);
    await send(a, 0, 13);
    fs.appendFileSync(calm.flows, flowLines(0, 100));
    await tailCaughtUp(a);
    await stop(a);

    const crashed = await setup("killed");
    // The agent kills itself after the 8th request is on disk and processed, before answering it.
    const b1 = await spawnAgent(crashed.config, 30_000, [], [], { [KILL_BEFORE_ANSWER_ENV]: "8" });
    await send(b1, 0, 6);
    fs.appendFileSync(crashed.flows, flowLines(0, 50));
    await tailCaughtUp(b1);
    const handled = server.calls.handled;
    await waitFor(() => server.calls.handled, (n) => n > handled, 10_000, "some batches shipped before the kill");
    await send(b1, 6, 7); // acknowledged, then the agent dies before its next cut
    const inFlight = await postTraces(b1.otlpUrl, request(7)).then(
      (res) => `answered ${res.status}`,
      () => "no answer",
    );
    expect(inFlight, b1.output()).toBe("no answer");
    expect(await b1.exited).toBe("SIGKILL");

    const b2 = await spawnAgent(crashed.config);
    expect(b2.output()).toMatch(/recovered \d+ journal records not yet shipped/);
    await send(b2, 7, 13); // the client retries request 7: it is on disk already
    expect(await scrape(b2.opsUrl, "strata_collector_retried_requests_total")).toEqual([1]);
    fs.appendFileSync(crashed.flows, flowLines(50, 100));
    await tailCaughtUp(b2);
    await stop(b2);

    const expected = await rollupTotals(server.db, calm.cluster.id);
    const actual = await rollupTotals(server.db, crashed.cluster.id);
    expect(expected.spans).toBe(480);
    expect(expected.flows).toBe(100);
    expect(expected.edges["frontend -> checkout (http)"]).toEqual({ calls: 120, errors: 12 });
    expect(expected.networkEdges["shop/frontend -> shop/checkout:8080/6"]).toMatchObject({ flows: 100, rejects: 15 });
    expect(actual).toEqual(expected);
  });
});
