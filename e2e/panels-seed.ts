// Seeding for the panel tests, in a cluster of their own: traces of pnl-web → pnl-api as
// OTLP/JSON on /v1/traces (some failing with an exception event, on a named instance and
// version), and one collector batch with the address map, raw flows (accepted and rejected with
// a reason) and the matching network rollup. The counts the tests assert are exported here.
import { expect, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { E2E_ADMIN_TOKEN } from "../playwright.config";
import { postTrace } from "./graph-seed";

export const PANELS = {
  web: "pnl-web",
  api: "pnl-api",
  webWorkload: "pnl/pnl-web-deploy",
  apiWorkload: "pnl/pnl-api-deploy",
  webAddr: "10.42.0.1",
  apiAddr: "10.42.0.2",
  instance: "pnl-api-1",
  version: "3.2.0",
  calls: 5,
  errors: 2,
  flows: 5,
  rejects: 2,
  retransmits: 3,
  rejectReason: "POLICY_DENIED",
  exception: { type: "OrderError", message: "out of stock" },
} as const;

const str = (v: string) => ({ stringValue: v });
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0");

function trace(no: number, startMs: number, error: boolean) {
  const ns = (ms: number) => String(BigInt(startMs + ms) * 1_000_000n);
  const traceId = hex(0x9a0000 + no, 32);
  const [root, client, server] = [1, 2, 3].map((k) => hex(0x9a00 * 16 + no * 4 + k, 16));
  const resource = (service: string, instance: string) => ({
    attributes: [{ key: "service.name", value: str(service) }, { key: "service.version", value: str(PANELS.version) }, { key: "service.instance.id", value: str(instance) }],
  });
  const http = [{ key: "http.request.method", value: str("GET") }];
  return {
    resourceSpans: [
      { resource: resource(PANELS.web, "pnl-web-1"), scopeSpans: [{ spans: [
        { traceId, spanId: root, name: "GET /checkout", kind: 2, startTimeUnixNano: ns(0), endTimeUnixNano: ns(80), attributes: http },
        { traceId, spanId: client, parentSpanId: root, name: "GET", kind: 3, startTimeUnixNano: ns(5), endTimeUnixNano: ns(75), attributes: http },
      ] }] },
      { resource: resource(PANELS.api, PANELS.instance), scopeSpans: [{ spans: [
        { traceId, spanId: server, parentSpanId: client, name: "GET /orders", kind: 2, startTimeUnixNano: ns(10), endTimeUnixNano: ns(error ? 70 : 30),
          attributes: [...http, { key: "http.response.status_code", value: { intValue: error ? "503" : "200" } }],
          ...(error ? {
            status: { code: 2, message: "order failed" },
            events: [{ name: "exception", timeUnixNano: ns(60), attributes: [
              { key: "exception.type", value: str(PANELS.exception.type) }, { key: "exception.message", value: str(PANELS.exception.message) }] }],
          } : {}) },
      ] }] },
    ],
  };
}

function flow(startMs: number, srcPort: number, verdict: "accept" | "reject", bytes: number) {
  return {
    sourceKind: "hubble", observer: "node-1", srcAddr: PANELS.webAddr, dstAddr: PANELS.apiAddr, srcPort, dstPort: 8080, protocol: 6,
    bytes, packets: 4, startMs, endMs: startMs + 100, verdict, reason: verdict === "reject" ? PANELS.rejectReason : null, tcpFlags: verdict === "reject" ? 2 : 18,
    direction: "egress", srcWorkload: null, dstWorkload: null, srcNamespace: null, dstNamespace: null, l7Protocol: null, l7Method: null, l7Path: null,
    l7Status: null, l7LatencyUs: null, traceId: null, vpcId: null, subnetId: null, accountId: null, region: null, attributes: {},
  };
}

/**
 * Seeds once per server: Playwright runs beforeAll again in a fresh worker after a failed test,
 * and seeding twice would double every count, so an existing cluster means "already seeded".
 */
export async function seedPanels(request: APIRequestContext): Promise<{ traceIds: string[] }> {
  const traceIds = Array.from({ length: PANELS.calls }, (_, i) => trace(i, 0, false).resourceSpans[0].scopeSpans[0].spans[0].traceId);
  const created = await request.post("/api/v1/clusters", { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` }, data: { name: "panels-e2e" } });
  if (created.status() === 409) return { traceIds };
  expect(created.status()).toBe(201);
  const token: string = (await created.json()).token;
  // Every call in one minute (the chart readout shows one minute's values): 5 s into the minute
  // that began at least 20 s ago, so the calls (2.5 s apart in all) never straddle a boundary.
  const startMs = Math.floor((Date.now() - 20_000) / 60_000) * 60_000 + 5_000;
  for (let i = 0; i < PANELS.calls; i++) await postTrace(request, token, trace(i, startMs + i * 500, i < PANELS.errors));
  const minuteMs = Math.floor(startMs / 60_000) * 60_000;
  const flows = [
    flow(startMs, 41000, "accept", 3000), flow(startMs, 41001, "accept", 2900), flow(startMs, 41002, "accept", 2980),
    flow(startMs + 1000, 41003, "reject", 60), flow(startMs + 1000, 41004, "reject", 60),
  ];
  const observed = (address: string, service: string, workload: string) => ({
    address, service, workload, namespace: "pnl", firstSeenMs: startMs - 600_000, lastSeenMs: startMs + 600_000,
  });
  const sent = await request.post("/api/v1/ingest/batches", {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    data: {
      batchId: randomUUID(),
      agent: { name: "e2e-panels", version: "0" },
      sentAtMs: Date.now(),
      flows,
      addresses: [observed(PANELS.webAddr, PANELS.web, "pnl-web-deploy"), observed(PANELS.apiAddr, PANELS.api, "pnl-api-deploy")],
      networkEdgeMinutes: [{
        minuteMs, srcWorkload: PANELS.webWorkload, dstWorkload: PANELS.apiWorkload, dstPort: 8080, protocol: 6,
        flows: PANELS.flows, bytes: flows.reduce((a, f) => a + f.bytes, 0), packets: 20, rejects: PANELS.rejects, drops: 0,
        retransmits: PANELS.retransmits, l7Errors: 0,
      }],
    },
  });
  expect(sent.status()).toBe(200);
  return { traceIds };
}
