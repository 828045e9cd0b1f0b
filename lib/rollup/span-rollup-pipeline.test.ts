import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ingestBatchSchema } from "@/lib/contracts/ingest-batch";
import { SpanKind } from "@/lib/contracts/span";
import { loadJsonpbTrace } from "@/lib/pairing/testing/load-jsonpb-trace";
import { clientServerPair, makeSpan } from "@/lib/pairing/testing/make-span";
import { SpanRollupPipeline } from "./span-rollup-pipeline";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tempoDir = path.resolve(repoRoot, "../shared/datasets/tempo-servicegraphs-testdata");
const haveTempo = fs.existsSync(tempoDir);
if (!haveTempo) console.warn(`[span-rollup-pipeline] Tempo trace test skipped: ${tempoDir} not found`);

const MIN_US = 60_000_000;
const T0_US = 28_333_333 * MIN_US;
const T0_MS = T0_US / 1000;

describe("SpanRollupPipeline", () => {
  it("ships a minute only once late spans and the pairing TTL can no longer change it", () => {
    const p = new SpanRollupPipeline({ lateArrivalMs: 5_000, pairer: { ttlMs: 10_000 } });
    const { client, server } = clientServerPair({ startUs: T0_US + 1_000_000, k8sPodIp: "10.0.0.9" }, {});
    const lonely = makeSpan({ service: "frontend", kind: SpanKind.CLIENT, serverAddress: "api.stripe.com", startUs: T0_US + 2_000_000 });
    const wallMs = T0_MS + 3_000;
    for (const s of [client, server, lonely]) p.add(s, wallMs);

    // 14 s after the minute ended: a late span or an unexpired half-edge may still land in it.
    expect(p.closedBefore(T0_MS + 60_000 + 14_000)).toBe(T0_MS);
    const early = p.drainClosed(T0_MS + 60_000 + 14_000);
    expect(early.edgeMinutes).toEqual([]);
    expect(early.addresses.map((a) => a.address)).toEqual(["10.0.0.9"]); // addresses are not held back

    p.tick(wallMs + 10_000); // the lonely client span becomes a virtual edge
    const batch = p.drainClosed(T0_MS + 60_000 + 15_000);
    expect(batch.edgeMinutes.map((e) => `${e.client} → ${e.server} (${e.connectionType})`).sort()).toEqual([
      "frontend → api.stripe.com (virtual)",
      "frontend → backend (other)",
    ]);
    expect(batch.pairingQuality).toContainEqual({ minuteMs: T0_MS, service: "frontend", paired: 1, virtual: 1, expired: 0, dropped: 0 });
    // Everything it produces is a valid ingest batch.
    const parsed = ingestBatchSchema.safeParse({ batchId: crypto.randomUUID(), agent: { name: "t", version: "0" }, sentAtMs: 0, ...batch });
    expect(parsed.success).toBe(true);
  });

  it.skipIf(!haveTempo)("rolls up Tempo's queue/database trace into valid rows", () => {
    const text = fs.readFileSync(path.join(tempoDir, "trace-with-queue-database.json"), "utf8");
    const p = new SpanRollupPipeline();
    for (const span of loadJsonpbTrace(text).spans) p.add(span, 0);
    p.flush();
    const batch = p.drain();
    expect(batch.edgeMinutes.map((e) => `${e.client} → ${e.server}`).sort()).toEqual([
      "mythical-requester → mythical-recorder",
      "mythical-requester → mythical-server",
      "mythical-server → postgres",
    ]);
    const messaging = batch.edgeMinutes.find((e) => e.connectionType === "messaging")!;
    expect(messaging.queueLatency?.count).toBe(1);
    expect(messaging.exemplars).toEqual(["4290b5877a9930de79bb428365398ecc"]);
    // Services with entry spans: mythical-requester (a root CLIENT span), server and recorder.
    const services = batch.nodeMinutes.filter((r) => r.operation === null).map((r) => r.service).sort();
    expect(services).toEqual(["mythical-recorder", "mythical-requester", "mythical-server"]);
    expect(batch.nodeMinutes.find((r) => r.service === "mythical-server" && r.spanKind === SpanKind.SERVER)?.operation).toBe("GET /:endpoint");
    const parsed = ingestBatchSchema.safeParse({ batchId: crypto.randomUUID(), agent: { name: "t", version: "0" }, sentAtMs: 0, ...batch });
    expect(parsed.success).toBe(true);
  });
});
