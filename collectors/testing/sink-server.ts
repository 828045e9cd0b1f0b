// Test and benchmark support: a stand-in for the Strata ingest API that parses each batch
// (gunzip + JSON.parse, as the server does first) and answers as a script says, or 200. It
// counts what it got; it stores nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import type { IngestBatch } from "@/lib/contracts/ingest-batch";
import { wireToRows, type WireBatch } from "../exporter/batch-encoding";

export type SinkAnswer = { status: number; headers?: Record<string, string> } | "reset";
export type SinkScript = (batch: IngestBatch, call: number) => SinkAnswer;

export interface Sink {
  url: string;
  /** every batch received (kept only when `keep` is true) */
  received: IngestBatch[];
  totals: { batches: number; spans: number; flows: number; bytes: number; edgeMinutes: number; networkEdgeMinutes: number };
  script: SinkScript;
  close(): Promise<void>;
}

/** `parse: false` only counts bytes (a benchmark's lower bound on sink work). */
export async function startSink(options: { keep?: boolean; script?: SinkScript; parse?: boolean } = {}): Promise<Sink> {
  const sink: Sink = {
    url: "",
    received: [],
    totals: { batches: 0, spans: 0, flows: 0, bytes: 0, edgeMinutes: 0, networkEdgeMinutes: 0 },
    script: options.script ?? (() => ({ status: 200 })),
    close: async () => undefined,
  };
  let calls = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (options.parse === false) {
        sink.totals.batches++;
        sink.totals.bytes += raw.length;
        res.writeHead(200, { "content-type": "application/json" }).end('{"duplicate":false}');
        return;
      }
      const body = req.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw) : raw;
      // Raw rows arrive as columns (the contract's wire form): back to rows, as the server does.
      const batch = wireToRows(JSON.parse(body.toString("utf8")) as WireBatch);
      const answer = sink.script(batch, ++calls);
      if (answer === "reset") return req.socket.destroy();
      if (answer.status === 200) {
        const t = sink.totals;
        t.batches++;
        t.spans += batch.spans.length;
        t.flows += batch.flows.length;
        t.bytes += raw.length;
        t.edgeMinutes += batch.edgeMinutes.length;
        t.networkEdgeMinutes += batch.networkEdgeMinutes.length;
      }
      if (options.keep) sink.received.push(batch);
      const reply = answer.status === 200 ? { batchId: batch.batchId, duplicate: false, stored: {} } : { error: { code: "x", message: `status ${answer.status}` } };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(JSON.stringify(reply));
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return sink;
}
