import { describe, expect, it } from "vitest";
import { columnsFromRows, FLOW_FIELDS, NETWORK_EDGE_FIELDS, SPAN_FIELDS } from "@/lib/contracts/ingest-batch";
import { networkEdgeMinuteSchema } from "@/lib/contracts/rollup";
import { decodeTraceRequest } from "@/lib/otlp";
import { createParser } from "../parsers";
import { traceRequest } from "../testing/otlp-traffic";
import { flowColumns, networkEdgeColumns, spanColumns } from "./raw-columns";

describe("raw rows as columns, field by field", () => {
  it("gives exactly what the contract's generic columnsFromRows gives, for spans and flows", () => {
    const spans = decodeTraceRequest(Buffer.from(JSON.stringify(traceRequest(0, 20, Date.now() - 5000))), "json", { nowMs: Date.now() }).spans;
    expect(spanColumns(spans)).toEqual(columnsFromRows(spans, SPAN_FIELDS));
    expect(Object.keys(spanColumns(spans).columns)).toEqual(SPAN_FIELDS.filter((f) => f in spanColumns(spans).columns));
    const parser = createParser("aws-vpc-flow");
    const flows = ["2 123 eni-1 10.0.0.1 10.0.0.2 40000 443 6 3 300 1700000000 1700000060 ACCEPT OK", "2 123 eni-1 10.0.0.3 10.0.0.2 40001 443 6 3 300 1700000000 1700000060 REJECT OK"].flatMap((l, i) => {
      const r = parser.parseLine(l, i + 1);
      return "flows" in r ? r.flows : [];
    });
    expect(flows).toHaveLength(2);
    expect(flowColumns(flows)).toEqual(columnsFromRows(flows, FLOW_FIELDS));
    // Every field of the schemas is read here: a row with every field set yields every column.
    const full = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, 1]));
    expect(Object.keys(spanColumns([full(SPAN_FIELDS) as never]).columns)).toEqual([...SPAN_FIELDS]);
    expect(Object.keys(flowColumns([full(FLOW_FIELDS) as never]).columns)).toEqual([...FLOW_FIELDS]);
  });

  it("gives network edge rows exactly as columnsFromRows does, every field of the schema", () => {
    const rows = [
      { minuteMs: 1_700_000_040_000, srcWorkload: "shop/web", dstWorkload: "10.0.0.2", dstPort: 443, protocol: 6, flows: 3, bytes: 900, packets: 9, rejects: 1, drops: 0, retransmits: 2, l7Errors: 0 },
      { minuteMs: 1_700_000_100_000, srcWorkload: "10.0.0.1", dstWorkload: "shop/db", dstPort: 5432, protocol: 6, flows: 1, bytes: 40, packets: 1, rejects: 0, drops: 1, retransmits: 0, l7Errors: 4 },
    ].map((r) => networkEdgeMinuteSchema.parse(r));
    expect(networkEdgeColumns(rows)).toEqual(columnsFromRows(rows, NETWORK_EDGE_FIELDS));
    expect(Object.keys(networkEdgeColumns(rows).columns)).toEqual([...NETWORK_EDGE_FIELDS]);
  });
});
