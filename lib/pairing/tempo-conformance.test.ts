// Conformance with Grafana Tempo's servicegraphs processor on its own test traces
// (../shared/datasets/tempo-servicegraphs-testdata, AGPL-3.0: read in place, never copied).
// Expected values are those of Tempo's servicegraphs_test.go and PR #7697 (db.system.name).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeJsonTraceRequest } from "@/lib/otlp/decode-json";
import { loadJsonpbTrace, type AttributeDialect } from "./testing/load-jsonpb-trace";
import { countOutcomes, edgeLabels, runPairer } from "./testing/run-pairer";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = path.resolve(repoRoot, "../shared/datasets/tempo-servicegraphs-testdata");
const haveData = fs.existsSync(dataDir);
if (!haveData) console.warn(`[tempo-conformance] skipped: ${dataDir} not found (needs ../shared/datasets)`);

function run(file: string, dialect: AttributeDialect = "tempo", maxItems?: number) {
  const { spans, rejected } = loadJsonpbTrace(fs.readFileSync(path.join(dataDir, file), "utf8"), dialect);
  expect(rejected).toBe(0);
  return runPairer(spans, maxItems === undefined ? {} : { maxItems });
}

describe.skipIf(!haveData)("Tempo servicegraphs test traces", () => {
  it("trace-with-queue-database: three edges with Tempo's latencies", () => {
    const r = run("trace-with-queue-database.json");
    expect(edgeLabels(r.onAdd)).toEqual([
      "mythical-requester → mythical-recorder (messaging)",
      "mythical-requester → mythical-server (http)",
      "mythical-server → postgres (database)",
    ]);
    expect(r.onAdd.every((e) => !e.failed)).toBe(true);
    const byServer = Object.fromEntries(r.onAdd.map((e) => [e.server, e]));
    // Tempo: client 0.045 s / server 0.029 s, database 0.023 s, messaging 0.000068 / 0.000693 s.
    expect(Math.abs(byServer["mythical-server"].clientDurationUs - 45_000)).toBeLessThan(1000);
    expect(Math.abs(byServer["mythical-server"].serverDurationUs - 29_000)).toBeLessThan(1000);
    expect(Math.abs(byServer.postgres.clientDurationUs - 23_000)).toBeLessThan(1000);
    expect(byServer.postgres.serverDurationUs).toBe(byServer.postgres.clientDurationUs);
    // Tempo checks these within 1 ms; the file's nanoseconds give 68.864 µs and 699.392 µs.
    expect(byServer["mythical-recorder"].clientDurationUs).toBe(69);
    expect(byServer["mythical-recorder"].serverDurationUs).toBe(699);
    // Tempo: messaging-system latency sum 0.0098816 s.
    expect(Math.abs(byServer["mythical-recorder"].queueLatencyUs! - 9881.6)).toBeLessThanOrEqual(1.5);
    // Left over: dns.lookup, the loki push and two log_to_loki calls have no peer attribute Tempo reads.
    expect(r.onFlush).toEqual([]);
    expect(countOutcomes(r.outcomes)).toEqual({ paired: 5, virtual: 0, expired: 4, dropped: 0 });
  });

  it("trace-with-failed-requests: both edges failed", () => {
    const r = run("trace-with-failed-requests.json");
    expect(edgeLabels(r.onAdd)).toEqual([
      "mythical-requester → mythical-server (http)",
      "mythical-server → postgres (database)",
    ]);
    expect(r.onAdd.map((e) => e.failed)).toEqual([true, true]);
  });

  it("trace-with-virtual-nodes: user, external peer and external producer", () => {
    const r = run("trace-with-virtual-nodes.json");
    expect(edgeLabels([...r.onAdd, ...r.onFlush])).toEqual([
      "external-producer → internal-consumer (virtual)",
      "mythical-requester → external-payments-platform (virtual)",
      "user → mythical-server (virtual)",
    ]);
    expect([...r.onAdd, ...r.onFlush].some((e) => e.failed)).toBe(false);
    expect(edgeLabels([...r.onAdd, ...r.onFlush]).some((l) => l.includes("mythical-database"))).toBe(false);
  });

  it("trace-with-expired-edges: one expired, nothing dropped", () => {
    const r = run("trace-with-expired-edges.json");
    expect(edgeLabels([...r.onAdd, ...r.onFlush])).toEqual([
      "mythical-requester → mysql (database)",
      "mythical-server → mythical-requester (other)",
      "user → mythical-server (virtual)",
    ]);
    const counts = countOutcomes(r.outcomes);
    expect(counts.expired).toBe(1);
    expect(counts.dropped).toBe(0);
  });

  it("counts dropped half-edges when max_items is 1 (TestServiceGraphs_tooManySpansErr)", () => {
    expect(countOutcomes(run("trace-with-queue-database.json", "tempo", 1).outcomes).dropped).toBeGreaterThan(0);
  });

  // TestServiceGraphs_databaseVirtualNodes + PR #7697: the name of the database node.
  it.each([
    ["trace-with-queue-database.json", "postgres"],
    ["trace-with-queue-database2.json", "mythical-database"],
    ["trace-with-queue-database3.json", "mythical-database"],
    ["trace-with-queue-database4.json", "mythical-database:5432"],
    ["trace-with-queue-database5.json", "mythical-database"],
    ["trace-without-database-name.json", "mythical-database"],
    ["trace-with-db-namespace.json", "mydb"],
    ["trace-with-both-db-attributes.json", "priority-db"],
    ["trace-with-db-system-name.json", "postgresql"],
    ["trace-with-db-system-and-system-name.json", "mssql"],
  ])("%s: database node %s", (file, name) => {
    const db = run(file).onAdd.filter((e) => e.connectionType === "database");
    expect(db.map((e) => `${e.client} → ${e.server}`)).toEqual([`mythical-server → ${name}`]);
    expect(db[0].failed).toBe(false);
  });

  // Where Strata differs on purpose: lib/otlp folds deprecated names (FORMATS.md §4), so the old
  // net.peer.name counts as server.address and names the database host, as Tempo's own docs
  // order it; the newer db.system.name wins over db.system; and server.address names a virtual
  // server (the loki push), which Tempo leaves expired.
  it("with deprecated names folded, names hosts instead of database names", () => {
    const r = run("trace-with-queue-database.json", "semconv");
    expect(edgeLabels(r.onAdd)).toContain("mythical-server → mythical-database (database)");
    expect(edgeLabels(r.onFlush)).toEqual(["mythical-server → loki (virtual)"]);
    const both = run("trace-with-db-system-and-system-name.json", "semconv").onAdd;
    expect(both.find((e) => e.connectionType === "database")?.server).toBe("mythical-database");
  });

  it("through lib/otlp's JSON decoder, gives the semconv-dialect edges", () => {
    const decode = (file: string) => {
      const { spans, rejected } = decodeJsonTraceRequest(fs.readFileSync(path.join(dataDir, file), "utf8"));
      expect(rejected).toBe(0);
      return runPairer(spans);
    };
    const queue = decode("trace-with-queue-database.json");
    expect(edgeLabels(queue.onAdd)).toEqual([
      "mythical-requester → mythical-recorder (messaging)",
      "mythical-requester → mythical-server (http)",
      "mythical-server → mythical-database (database)",
    ]);
    expect(edgeLabels(queue.onFlush)).toEqual(["mythical-server → loki (virtual)"]);
    expect(countOutcomes(queue.outcomes)).toEqual({ paired: 5, virtual: 1, expired: 3, dropped: 0 });
    expect(decode("trace-with-failed-requests.json").onAdd.map((e) => e.failed)).toEqual([true, true]);
    const virtual = decode("trace-with-virtual-nodes.json");
    expect(edgeLabels([...virtual.onAdd, ...virtual.onFlush])).toEqual([
      "external-producer → internal-consumer (virtual)",
      "mythical-requester → external-payments-platform (virtual)",
      "user → mythical-server (virtual)",
    ]);
  });
});
