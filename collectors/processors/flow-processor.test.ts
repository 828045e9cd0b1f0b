import { describe, expect, it } from "vitest";
import { createParser } from "../parsers/index";
import { AddressMap } from "./address-map";
import { CidrNames } from "./cidr";
import { FlowProcessor } from "./flow-processor";

const START_S = Math.floor(Date.parse("2024-05-01T10:00:00Z") / 1000);
const line = (i: number) => `2 123456789010 eni-1 10.0.${i >> 8}.${i & 255} 10.2.0.1 ${40000 + i} 443 6 2 100 ${START_S} ${START_S + 30} ACCEPT OK`;

function flows(from: number, to: number) {
  const parser = createParser("aws-vpc-flow", { nowMs: (START_S + 60) * 1000 });
  return Array.from({ length: to - from }, (_, k) => {
    const r = parser.parseLine(line(from + k), k + 1);
    if (!("flows" in r)) throw new Error(JSON.stringify(r));
    return r.flows[0];
  });
}

describe("FlowProcessor", () => {
  it("asks for a cut once the open rows reach rowsFullAt, and not again after the cut drained them", async () => {
    let asked = 0;
    const processor = new FlowProcessor({ addressMap: new AddressMap(), cidrNames: new CidrNames([]), maxRawFlows: 1000, onRawFull: () => undefined, rowsFullAt: 5, onRowsFull: () => asked++ });
    await processor.consume({ kind: "flows", flows: flows(0, 4), rejectedLines: 0, receivedAtMs: 0 });
    expect(asked).toBe(0); // four client addresses: four rows, below the bound
    await processor.consume({ kind: "flows", flows: flows(4, 6), rejectedLines: 0, receivedAtMs: 0 });
    expect(asked).toBe(1);
    const drained = processor.drainAggregates();
    expect(drained.networkEdgeMinutes.map((r) => r.flows)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(drained.overflowed).toBe(0);
    await processor.consume({ kind: "flows", flows: flows(6, 7), rejectedLines: 0, receivedAtMs: 0 });
    expect(asked).toBe(1);
  });
});
