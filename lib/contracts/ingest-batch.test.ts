import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { columnsFromRows, FLOW_FIELDS, NETWORK_EDGE_FIELDS, parseIngestBatch, rowsFromColumns, SPAN_FIELDS } from "./ingest-batch";
import type { NormalizedFlow } from "./flow";

const T0 = Date.now();
function testFlow(n: number, fields: Partial<NormalizedFlow> = {}): NormalizedFlow {
  return {
    sourceKind: "aws-vpc-flow", observer: "eni-1", srcAddr: `10.0.0.${n}`, dstAddr: "10.0.1.1", srcPort: 40_000 + n, dstPort: 443, protocol: 6,
    bytes: 100 * n, packets: n, startMs: T0 - 60_000, endMs: T0 - 30_000, verdict: n % 2 ? "accept" : "reject", reason: null, tcpFlags: 2,
    direction: null, srcWorkload: null, dstWorkload: null, srcNamespace: null, dstNamespace: null, l7Protocol: null, l7Method: null, l7Path: null,
    l7Status: null, l7LatencyUs: null, traceId: null, vpcId: null, subnetId: null, accountId: "123", region: null, attributes: { version: 2 },
    ...fields,
  };
}

const base = () => ({ batchId: randomUUID(), agent: { name: "a", version: "1" }, sentAtMs: Date.now() });

/** "accepted", or the first issue of a refused batch as "path: message". */
function firstIssue(value: unknown): string {
  try {
    parseIngestBatch(value);
    return "accepted";
  } catch (err) {
    return err instanceof ZodError ? `${err.issues[0].path.join(".")}: ${err.issues[0].message}` : String(err);
  }
}

describe("ingest batch: raw rows as columns", () => {
  it("round-trips rows through columns, leaving all-null columns out", () => {
    const flows = [testFlow(1), testFlow(2, { l7Status: 503 })];
    const c = columnsFromRows(flows, FLOW_FIELDS);
    expect(c.count).toBe(2);
    expect(c.columns.l7Status).toEqual([null, 503]);
    expect(c.columns.l7Method).toBeUndefined();
    expect(rowsFromColumns(c, FLOW_FIELDS)).toEqual(flows);
    const parsed = parseIngestBatch(JSON.parse(JSON.stringify({ ...base(), flows: [testFlow(3)], flowColumns: c })));
    expect(parsed.flows).toEqual([testFlow(3), ...flows]);
    expect(parsed.spans).toEqual([]);
  });

  it("adds network edge columns to the network edge rows, and names a bad value by its row", () => {
    const edge = (n: number) => ({ minuteMs: 60_000 * n, srcWorkload: `10.0.0.${n}`, dstWorkload: "shop/db", dstPort: 5432, protocol: 6, flows: n, bytes: 10 * n, packets: n, rejects: 0, drops: 0, retransmits: 0, l7Errors: 0 });
    const c = columnsFromRows([edge(2), edge(3)], NETWORK_EDGE_FIELDS);
    const parsed = parseIngestBatch(JSON.parse(JSON.stringify({ ...base(), networkEdgeMinutes: [edge(1)], networkEdgeColumns: c })));
    expect(parsed.networkEdgeMinutes).toEqual([edge(1), edge(2), edge(3)]);
    expect(parsed.flows).toEqual([]);
    expect(firstIssue({ ...base(), networkEdgeColumns: { ...c, columns: { ...c.columns, dstPort: [5432, 70_000] } } })).toMatch(/^networkEdgeMinutes\.1\.dstPort: /);
    expect(firstIssue({ ...base(), networkEdgeColumns: { ...c, columns: { ...c.columns, evil: [1, 2] } } })).toBe('networkEdgeColumns.columns.evil: unknown field "evil"');
  });

  it("rejects unknown fields, columns of the wrong length and bad values, naming them", () => {
    const c = columnsFromRows([testFlow(1), testFlow(2)], FLOW_FIELDS);
    expect(firstIssue({ ...base(), flowColumns: { ...c, columns: { ...c.columns, evil: [1, 2] } } })).toBe('flowColumns.columns.evil: unknown field "evil"');
    expect(firstIssue({ ...base(), flowColumns: { ...c, columns: { ...c.columns, bytes: [1] } } })).toBe("flowColumns.columns.bytes: has 1 values for 2 rows");
    expect(firstIssue({ ...base(), flowColumns: { ...c, columns: { ...c.columns, srcAddr: ["10.0.0.1", 7] } } })).toMatch(/^flows\.1\.srcAddr: /);
    expect(firstIssue({ ...base(), spanColumns: { count: 1, columns: {} } })).toMatch(/^spans\.0\.traceId: /);
    expect(firstIssue({ ...base(), spanColumns: { count: 1e9, columns: {} } })).toMatch(/^spanColumns\.count: /);
    expect(SPAN_FIELDS).toContain("traceId");
  });
});
