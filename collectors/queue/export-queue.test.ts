import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../testing/agent-config";
import { ExportQueue, type QueueDrop, type QueuedBatchMeta, type QueueKind } from "./export-queue";
import { SegmentLog } from "./segment-log";

const meta = (epoch: number, kind: QueueKind, id: string, spans = 0): QueuedBatchMeta => ({ epoch, kind, batchId: id, spans, flows: 0, rows: 1, encoding: "identity" });
const item = (epoch: number, kind: QueueKind, id: string, size = 100, spans = 0) => ({ meta: meta(epoch, kind, id, spans), payload: Buffer.alloc(size, id) });

/** Every committed batch id the sender would see, acking as it goes (or not). */
function deliverAll(queue: ExportQueue, kind: QueueKind, ack: boolean): string[] {
  const seen: string[] = [];
  let cursor = queue.start(kind);
  for (let e = queue.next(kind, cursor); e; e = queue.next(kind, cursor)) {
    seen.push(e.meta.batchId);
    if (ack) queue.ack(kind, e.next);
    cursor = e.next;
  }
  return seen;
}

describe("SegmentLog", () => {
  it("keeps every appended record across segments and a crash (reopened without close)", async () => {
    const dir = tempDir();
    const log = SegmentLog.open(dir, { segmentBytes: 1000 });
    for (let i = 0; i < 30; i++) log.append([{ meta: { i }, payload: Buffer.alloc(200, i) }]);
    await log.sync();
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".seg")).length).toBeGreaterThan(3);

    const reopened = SegmentLog.open(dir, { segmentBytes: 1000 }); // the first one is never closed
    const metas = [...reopened.entries()].map((e) => e.meta.i);
    expect(metas).toEqual([...Array(30).keys()]);
    const third = [...reopened.entries()][2];
    expect(reopened.read(third.position)!.payload).toEqual(Buffer.alloc(200, 2));
  });

  it("cuts a torn last record at recovery and appends after it", () => {
    const dir = tempDir();
    const log = SegmentLog.open(dir);
    log.append([{ meta: { n: 1 }, payload: Buffer.from("one") }, { meta: { n: 2 }, payload: Buffer.from("two") }]);
    const seg = path.join(dir, fs.readdirSync(dir).find((n) => n.endsWith(".seg"))!);
    const size = fs.statSync(seg).size;
    fs.truncateSync(seg, size - 2); // the second record lost its last bytes in a crash
    fs.appendFileSync(seg, Buffer.from([0xde, 0xad]));

    const reopened = SegmentLog.open(dir);
    expect([...reopened.entries()].map((e) => e.meta.n)).toEqual([1]);
    reopened.append([{ meta: { n: 3 }, payload: Buffer.from("three") }]);
    expect([...SegmentLog.open(dir).entries()].map((e) => e.meta.n)).toEqual([1, 3]);
  });

  it("forgets acknowledged records durably and deletes their segments", () => {
    const dir = tempDir();
    const log = SegmentLog.open(dir, { segmentBytes: 500 });
    const positions = [];
    for (let i = 0; i < 10; i++) positions.push(...log.append([{ meta: { i }, payload: Buffer.alloc(200) }]));
    const sixth = [...log.entries()][5];
    log.ack(sixth.position);
    const segmentsLeft = fs.readdirSync(dir).filter((n) => n.endsWith(".seg")).length;
    expect(segmentsLeft).toBeLessThan(5);
    expect([...SegmentLog.open(dir).entries()].map((e) => e.meta.i)).toEqual([5, 6, 7, 8, 9]);
  });
});

describe("ExportQueue", () => {
  it("delivers each committed batch at least once across a crash, and never again after its ack", async () => {
    const dir = tempDir();
    const q1 = ExportQueue.open(dir, { maxBytes: 1 << 20 });
    q1.append("agg", [item(1, "agg", "a"), item(1, "agg", "b"), item(1, "agg", "c")]);
    await q1.sync();
    q1.commit(1);
    // The sender delivers a and b, acks a, then the process dies before acking b.
    let cursor = q1.start("agg");
    const a = q1.next("agg", cursor)!;
    q1.ack("agg", a.next);
    cursor = a.next;
    expect(q1.next("agg", cursor)!.meta.batchId).toBe("b");

    const q2 = ExportQueue.open(dir, { maxBytes: 1 << 20 }); // q1 is never closed
    q2.recover(1);
    expect(deliverAll(q2, "agg", true)).toEqual(["b", "c"]); // b again (the server dedupes), c once
    const q3 = ExportQueue.open(dir, { maxBytes: 1 << 20 });
    q3.recover(1);
    expect(deliverAll(q3, "agg", true)).toEqual([]);
  });

  it("hides batches of an uncommitted epoch and cuts them off at recovery", async () => {
    const dir = tempDir();
    const q1 = ExportQueue.open(dir, { maxBytes: 1 << 20 });
    q1.append("raw", [item(1, "raw", "r1")]);
    q1.append("agg", [item(1, "agg", "a1")]);
    q1.commit(1);
    q1.append("raw", [item(2, "raw", "r2")]); // a raw flush of epoch 2; its cut never committed
    q1.append("agg", [item(2, "agg", "a2")]);
    await q1.sync();
    expect(deliverAll(q1, "raw", false)).toEqual(["r1"]);

    const q2 = ExportQueue.open(dir, { maxBytes: 1 << 20 });
    q2.recover(1);
    q2.commit(5);
    expect(deliverAll(q2, "raw", false)).toEqual(["r1"]);
    expect(deliverAll(q2, "agg", false)).toEqual(["a1"]);
  });

  it("stays within its bound by dropping the oldest raw batches first, counting them", () => {
    const drops: QueueDrop[] = [];
    const q = ExportQueue.open(tempDir(), { maxBytes: 2000, onDrop: (d) => drops.push(d) });
    q.append("agg", [item(1, "agg", "a1", 300)]);
    for (let i = 0; i < 8; i++) q.append("raw", [item(1, "raw", `r${i}`, 300, 10)]);
    q.append("agg", [item(1, "agg", "a2", 300)]);
    q.commit(1);
    expect(q.bytes).toBeLessThanOrEqual(2000);
    expect(deliverAll(q, "agg", false)).toEqual(["a1", "a2"]);
    const raw = deliverAll(q, "raw", false);
    expect(raw[raw.length - 1]).toBe("r7");
    expect(raw).not.toContain("r0");
    expect(drops.every((d) => d.kind === "raw" && d.reason === "queue_full" && d.spans === 10)).toBe(true);
    expect(drops.length + raw.length).toBe(8);
    // Having dropped data, the queue refuses input until the senders bring it under half its bound.
    expect(q.full).toBe(true);
    deliverAll(q, "raw", true);
    expect(q.full).toBe(false);
  });

  it("drops the oldest aggregates only when no raw data is left to drop", () => {
    const drops: QueueDrop[] = [];
    const q = ExportQueue.open(tempDir(), { maxBytes: 1000, onDrop: (d) => drops.push(d) });
    for (let i = 0; i < 6; i++) q.append("agg", [item(1, "agg", `a${i}`, 300)]);
    q.commit(1);
    expect(q.bytes).toBeLessThanOrEqual(1000);
    expect(drops.map((d) => d.reason)).toContain("queue_full_aggregates");
    expect(deliverAll(q, "agg", false).at(-1)).toBe("a5");
  });
});
