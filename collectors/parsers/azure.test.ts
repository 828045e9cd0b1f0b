import { describe, expect, it } from "vitest";
import { normalizedFlowSchema } from "@/lib/contracts/flow";
import { createAzureParser } from "./azure";
import { parseLines } from "./parse-lines";
import { TEST_NOW_MS, dataset, datasetFiles, hasDatasets, readLines } from "./testdata/sample-files";

const opts = { nowMs: TEST_NOW_MS };

// Shapes follow Microsoft's documented examples; values are made up.
const nsgRecord = (tuples: unknown[], rule = "UserRule_DenyRdp") => ({
  time: "2024-05-01T10:00:00Z",
  category: "NetworkSecurityGroupFlowEvent",
  resourceId: "/SUBSCRIPTIONS/AAAA-BBBB/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/WEB-NSG",
  properties: { Version: 2, flows: [{ rule, flows: [{ mac: "000D3AF87856", flowTuples: tuples }] }] },
});

describe("Azure NSG / VNet flow log parser", () => {
  it("expands every tuple of a {records:[…]} blob, denied tuples become rejects with the rule as reason", () => {
    const blob = {
      records: [
        nsgRecord(["1714557600,10.0.0.4,10.0.0.5,50000,3389,T,I,D,B,,,,", "1714557601,10.0.0.4,10.0.0.6,50001,3389,T,I,D,B,,,,"]),
        nsgRecord(["1714557602,10.0.0.7,10.0.0.5,50002,443,T,I,A,E,10,1000,8,8000"], "DefaultRule_AllowVnetInBound"),
      ],
    };
    const r = createAzureParser("azure-nsg", opts).parseLine(JSON.stringify(blob), 1);
    if (!("flows" in r)) throw new Error(JSON.stringify(r));
    expect(r.flows.map((f) => [f.verdict, f.reason, f.dstPort, f.bytes, f.packets, f.direction])).toEqual([
      ["reject", "UserRule_DenyRdp", 3389, 0, 0, "ingress"],
      ["reject", "UserRule_DenyRdp", 3389, 0, 0, "ingress"],
      ["accept", null, 443, 9000, 18, "ingress"],
    ]);
    expect(r.flows[0]).toMatchObject({ sourceKind: "azure-nsg", accountId: "aaaa-bbbb", startMs: 1714557600000, protocol: 6 });
    for (const f of r.flows) expect(normalizedFlowSchema.safeParse(f).success).toBe(true);
  });

  it("reads NSG v1 tuples (8 fields, no counters)", () => {
    const r = createAzureParser("azure-nsg", opts).parseLine(JSON.stringify(nsgRecord(["1714557600,10.0.0.4,10.0.0.5,50000,53,U,O,A"])), 1);
    expect(r).toMatchObject({ flows: [{ protocol: 17, direction: "egress", verdict: "accept", bytes: 0, packets: 0 }] });
  });

  it("keeps the good tuples of a record and reports the bad ones as partial rejections", () => {
    const r = createAzureParser("azure-nsg", opts).parseLine(JSON.stringify(nsgRecord(["1714557600,10.0.0.4,10.0.0.5,50000,443,T,I,A,E,1,2,3,4", "1714557600,10.0.0.4,not-an-ip,1,2,T,I,A,E,1,2,3,4", 42])), 3);
    expect(r).toEqual({
      flows: [expect.objectContaining({ dstAddr: "10.0.0.5", bytes: 6, packets: 4 })],
      partialRejections: [
        { line: 3, reason: "record.properties.flows[0].flows[0].flowTuples[1]: address '10.0.0.4' or 'not-an-ip' is not an IP address" },
        { line: 3, reason: "record.properties.flows[0].flows[0].flowTuples[2]: not a string" },
      ],
    });
  });

  it.each([
    ["wrong shape", { hello: 1 }, "record: not an NSG (properties.flows) or VNet (flowRecords.flows) flow log record"],
    ["negative bytes", nsgRecord(["1714557600,10.0.0.4,10.0.0.5,1,2,T,I,A,E,1,-2,3,4"]), "record.properties.flows[0].flows[0].flowTuples[0]: packet/byte counters '1,-2,3,4' are not non-negative integers"],
    ["bad decision", nsgRecord(["1714557600,10.0.0.4,10.0.0.5,1,2,T,I,X,E,1,2,3,4"]), "record.properties.flows[0].flows[0].flowTuples[0]: decision 'X' is not A or D"],
    ["absurd time", nsgRecord(["17145576,10.0.0.4,10.0.0.5,1,2,T,I,A,E,1,2,3,4"]), "record.properties.flows[0].flows[0].flowTuples[0]: timestamp: 1970-07-18T10:39:36.000Z is before 2000-01-01"],
    ["tuples not an array", { properties: { flows: [{ rule: "r", flows: [{ flowTuples: "x" }] }] } }, "record.properties.flows[0].flows[0]: expected {mac, flowTuples[]}"],
  ])("rejects %s with a precise reason", (_name, record, reason) => {
    expect(createAzureParser("azure-nsg", opts).parseLine(JSON.stringify(record), 2)).toEqual({ rejected: { line: 2, reason } });
  });
});

describe.skipIf(!hasDatasets)("Azure parser on the sample files (../shared/datasets)", () => {
  it("test-nsg.log: one record, one accepted outbound TCP 443 tuple", () => {
    expect(datasetFiles("elastic-integrations-azure-nsg")).toEqual(["test-nsg.log"]);
    const t = parseLines(createAzureParser("azure-nsg", opts), readLines(dataset("elastic-integrations-azure-nsg", "test-nsg.log")));
    expect([t.parsedLines, t.skippedLines, t.rejectedLines, t.flows.length]).toEqual([1, 0, 0, 1]);
    expect(t.flows[0]).toMatchObject({
      sourceKind: "azure-nsg",
      observer: "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/FABRIKAMRG/PROVIDERS/MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/FABRIAKMVM1-NSG",
      srcAddr: "1.128.0.0",
      dstAddr: "1.128.0.1",
      srcPort: 59932,
      dstPort: 443,
      protocol: 6,
      direction: "egress",
      verdict: "accept",
      packets: 2,
      bytes: 132,
      startMs: 1542110379000,
      accountId: "00000000-0000-0000-0000-000000000000",
      attributes: { rule: "DefaultRule_AllowInternetOutBound", mac: "000D3AF87856", flowState: "E" },
    });
  });

  it("test-vnet.log: one v4 record, two tuples with millisecond timestamps and numeric protocol", () => {
    expect(datasetFiles("elastic-integrations-azure-vnet")).toEqual(["test-vnet.log"]);
    const t = parseLines(createAzureParser("azure-vnet", opts), readLines(dataset("elastic-integrations-azure-vnet", "test-vnet.log")));
    expect([t.parsedLines, t.skippedLines, t.rejectedLines, t.flows.length]).toEqual([1, 0, 0, 2]);
    expect(t.flows.map((f) => [f.sourceKind, f.startMs, f.srcAddr, f.dstAddr, f.dstPort, f.protocol, f.packets, f.bytes, f.verdict, f.attributes.flowState])).toEqual([
      ["azure-vnet", 1663146003599, "1.128.0.0", "175.16.199.0", 443, 6, 0, 0, "accept", "B"],
      ["azure-vnet", 1663146003606, "216.160.83.56", "81.2.69.142", 443, 6, 55, 2217, "accept", "E"],
    ]);
    expect(t.flows[0]).toMatchObject({ vpcId: "myVNet", accountId: "00000000-0000-0000-0000-000000000000", attributes: { aclID: "00000000-1234-abcd-ef00-c1c2c3c4c5c6", encryption: "NX" } });
  });
});
