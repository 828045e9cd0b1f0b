import { describe, expect, it } from "vitest";
import { normalizedFlowSchema, type NormalizedFlow } from "@/lib/contracts/flow";
import { createVpcFlowParser } from "./aws-vpc-flow";
import { parseLines } from "./parse-lines";
import type { ParseResult } from "./parse-result";
import { TEST_NOW_MS, dataset, datasetFiles, hasDatasets, readLines } from "./testdata/sample-files";

const opts = { nowMs: TEST_NOW_MS };

function one(result: ParseResult): NormalizedFlow {
  if (!("flows" in result)) throw new Error(`expected a flow, got ${JSON.stringify(result)}`);
  expect(result.flows).toHaveLength(1);
  expect(normalizedFlowSchema.safeParse(result.flows[0]).success).toBe(true);
  return result.flows[0];
}

// Lines re-typed from the AWS documentation's "Flow log record examples" (public examples).
const ACCEPT_V2 = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const REJECT_V2 = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";

describe("AWS VPC flow parser, default v2 without header", () => {
  it("maps an ACCEPT record field by field", () => {
    const f = one(createVpcFlowParser(opts).parseLine(ACCEPT_V2, 1));
    expect(f).toEqual({
      sourceKind: "aws-vpc-flow",
      observer: "eni-1235b8ca123456789",
      srcAddr: "172.31.16.139",
      dstAddr: "172.31.16.21",
      srcPort: 20641,
      dstPort: 22,
      protocol: 6,
      bytes: 4249,
      packets: 20,
      startMs: 1418530010000,
      endMs: 1418530070000,
      verdict: "accept",
      reason: null,
      tcpFlags: null,
      direction: null,
      srcWorkload: null,
      dstWorkload: null,
      srcNamespace: null,
      dstNamespace: null,
      l7Protocol: null,
      l7Method: null,
      l7Path: null,
      l7Status: null,
      l7LatencyUs: null,
      traceId: null,
      vpcId: null,
      subnetId: null,
      accountId: "123456789010",
      region: null,
      attributes: { version: 2 },
    });
  });

  it("maps REJECT to reject", () => {
    const f = one(createVpcFlowParser(opts).parseLine(REJECT_V2, 1));
    expect([f.verdict, f.dstPort, f.reason]).toEqual(["reject", 3389, null]);
  });

  it("skips NODATA and SKIPDATA with their status as reason", () => {
    const p = createVpcFlowParser(opts);
    expect(p.parseLine("2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA", 1)).toEqual({ skipped: "NODATA" });
    expect(p.parseLine("2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA", 2)).toEqual({ skipped: "SKIPDATA" });
  });

  it("tolerates CRLF and runs of spaces", () => {
    const p = createVpcFlowParser(opts);
    expect(one(p.parseLine(`${ACCEPT_V2}\r`, 1)).verdict).toBe("accept");
    expect(one(p.parseLine(ACCEPT_V2.replaceAll(" ", "  \t"), 2)).bytes).toBe(4249);
    expect(p.parseLine("   ", 3)).toEqual({ skipped: "blank" });
  });

  it.each([
    ["non-numeric port", ACCEPT_V2.replace(" 20641 ", " http "), "srcport: 'http' is not an integer in 0..65535"],
    ["port out of range", ACCEPT_V2.replace(" 20641 ", " 70000 "), "srcport: '70000' is not an integer in 0..65535"],
    ["negative bytes", ACCEPT_V2.replace(" 4249 ", " -4249 "), "bytes: '-4249' is not an integer in 0..9007199254740991"],
    ["protocol out of range", ACCEPT_V2.replace(" 6 20 ", " 300 20 "), "protocol: '300' is not an integer in 0..255"],
    ["bad IP", ACCEPT_V2.replace("172.31.16.139", "172.31.16.300"), "srcaddr: '172.31.16.300' is not an IP address"],
    ["absurd time", ACCEPT_V2.replace("1418530010 ", "141853001 "), "start: 1974-06-30T19:36:41.000Z is before 2000-01-01"],
    ["future time", ACCEPT_V2.replace("1418530010 1418530070", "4102444800 4102444860"), "start: 2100-01-01T00:00:00.000Z is more than a day in the future"],
    ["end before start", ACCEPT_V2.replace("1418530010 1418530070", "1418530070 1418530010"), "end 1418530010 is before start 1418530070"],
    ["window over an hour", ACCEPT_V2.replace("1418530070", "1418540070"), "start 1418530010 to end 1418540070 spans more than an hour; VPC records cover at most 10 minutes"],
    ["unknown action", ACCEPT_V2.replace("ACCEPT", "ALLOW"), "action: 'ALLOW' is not ACCEPT or REJECT"],
    ["unknown log-status", ACCEPT_V2.replace(" OK", " MAYBE"), "log-status: 'MAYBE' is not OK, NODATA or SKIPDATA"],
    ["missing address on an OK record", ACCEPT_V2.replace("172.31.16.139", "-"), "no source address (srcaddr and pkt-srcaddr are '-' or absent)"],
  ])("rejects %s with a precise reason", (_name, line, reason) => {
    expect(createVpcFlowParser(opts).parseLine(line, 7)).toEqual({ rejected: { line: 7, reason } });
  });

  it("rejects a line whose field count matches no layout", () => {
    const r = createVpcFlowParser(opts).parseLine("2 123456789010 eni-1 10.0.0.1", 3);
    expect(r).toEqual({ rejected: { line: 3, reason: expect.stringContaining("4 fields, no header line or configured format") } });
  });
});

describe("AWS VPC flow parser, custom orders", () => {
  const header = "version vpc-id srcaddr dstaddr srcport dstport protocol bytes packets start end action tcp-flags flow-direction reject-reason log-status";
  const line = "8 vpc-0abc 10.0.0.5 10.0.1.9 443 51000 6 900 7 1755678619 1755678641 REJECT 4 egress BPA OK";

  it("takes the field order from a header line and applies it to the following lines", () => {
    const p = createVpcFlowParser(opts);
    expect(p.parseLine(header, 1)).toEqual({ skipped: "header" });
    const f = one(p.parseLine(line, 2));
    expect(f).toMatchObject({ vpcId: "vpc-0abc", bytes: 900, packets: 7, tcpFlags: 4, direction: "egress", verdict: "reject", reason: "BPA" });
    expect(p.parseLine(ACCEPT_V2, 3)).toEqual({ rejected: { line: 3, reason: "expected 16 fields (header line 1), got 14" } });
  });

  it("accepts a configured order in the AWS ${field} syntax", () => {
    const p = createVpcFlowParser({ ...opts, vpcFields: header.split(" ").map((n) => `\${${n}}`).join(" ") });
    expect(one(p.parseLine(line, 1)).reason).toBe("BPA");
  });

  it("lets a header line override the configured order for the lines after it", () => {
    const p = createVpcFlowParser({ ...opts, vpcFields: header });
    p.parseLine("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status", 1);
    expect(one(p.parseLine(ACCEPT_V2, 2)).dstPort).toBe(22);
  });

  it("refuses a configured order that cannot yield flows, at creation", () => {
    expect(() => createVpcFlowParser({ vpcFields: "version bytes packets" })).toThrow("neither srcaddr nor pkt-srcaddr");
    expect(() => createVpcFlowParser({ vpcFields: "srcaddr dstaddr srcaddr" })).toThrow("appears twice");
  });

  it("keeps unknown fields in attributes as strings", () => {
    const p = createVpcFlowParser(opts);
    p.parseLine("srcaddr dstaddr start end action some-new-field", 1);
    const f = one(p.parseLine("10.0.0.1 10.0.0.2 1755678619 1755678641 ACCEPT hello", 2));
    expect(f.attributes).toEqual({ "some-new-field": "hello" });
  });

  it("reads a Transit Gateway record: attachment as observer, source VPC, losses as drop", () => {
    const tgwHeader =
      "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service";
    const p = createVpcFlowParser({ ...opts, vpcFields: tgwHeader });
    const f = one(
      p.parseLine(
        "6 TransitGateway 123456789012 tgw-01 tgw-attach-02 111111111111 222222222222 vpc-src vpc-dst subnet-src subnet-dst eni-src eni-dst use1-az1 use1-az2 - 10.0.0.1 10.1.0.1 40000 443 6 10 5000 1755592553 1755592580 OK IPv4 0 3 0 0 19 us-east-1 egress - -",
        1,
      ),
    );
    expect(f).toMatchObject({
      observer: "tgw-attach-02",
      vpcId: "vpc-src",
      subnetId: "subnet-src",
      accountId: "123456789012",
      region: "us-east-1",
      verdict: "drop",
      reason: "packets-lost-blackhole=3",
      tcpFlags: 19,
      direction: "egress",
    });
    expect(f.attributes).toMatchObject({ "tgw-id": "tgw-01", "tgw-dst-vpc-id": "vpc-dst", "packets-lost-blackhole": 3, "packets-lost-no-route": 0 });
  });
});

describe.skipIf(!hasDatasets)("AWS VPC flow parser on every sample file (../shared/datasets)", () => {
  const beats = "elastic-beats-aws-vpcflow";
  const integrations = "elastic-integrations-aws-vpcflow";
  const expected: Record<string, { parsed: number; skipped: Record<string, number>; rejected: number }> = {
    [`${beats}/accept-reject-traffic.log`]: { parsed: 4, skipped: { header: 1 }, rejected: 0 },
    [`${beats}/bad.log`]: { parsed: 0, skipped: {}, rejected: 1 },
    [`${beats}/custom-nat-gateway.log`]: { parsed: 2, skipped: { header: 1 }, rejected: 0 },
    [`${beats}/custom-transit-gateway.log`]: { parsed: 1, skipped: {}, rejected: 0 },
    [`${beats}/ipv6.log`]: { parsed: 1, skipped: {}, rejected: 0 },
    [`${beats}/no-data-skip-data.log`]: { parsed: 0, skipped: { NODATA: 1, SKIPDATA: 1 }, rejected: 0 },
    [`${beats}/tcp-flag-sequence.log`]: { parsed: 1, skipped: { header: 1 }, rejected: 0 },
    [`${integrations}/test-ecs-samples.log`]: { parsed: 4, skipped: { NODATA: 4, SKIPDATA: 2 }, rejected: 0 },
    [`${integrations}/test-extra-samples.log`]: { parsed: 5, skipped: { NODATA: 1, SKIPDATA: 1 }, rejected: 0 },
    [`${integrations}/test-tgw-samples.log`]: { parsed: 3, skipped: { SKIPDATA: 6, NODATA: 1 }, rejected: 0 },
    // start=164000066 (1975) kept from upstream: refused as an absurd time
    [`${integrations}/test-v5-all-fields.log`]: { parsed: 0, skipped: {}, rejected: 1 },
    [`${integrations}/test-v8-samples.log`]: { parsed: 0, skipped: { NODATA: 1 }, rejected: 0 },
  };
  const parse = (folder: string, file: string) => parseLines(createVpcFlowParser(opts), readLines(dataset(folder, file)));

  it("covers every file of both folders", () => {
    const all = [...datasetFiles(beats).map((f) => `${beats}/${f}`), ...datasetFiles(integrations).map((f) => `${integrations}/${f}`)];
    expect(all.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("%s: parsed / skipped / rejected counts", (key, want) => {
    const [folder, file] = key.split("/");
    const t = parse(folder, file);
    expect({ parsed: t.parsedLines, skipped: t.skipped, rejected: t.rejectedLines }).toEqual(want);
    for (const f of t.flows) expect(normalizedFlowSchema.safeParse(f).success).toBe(true);
  });

  it("accept-reject-traffic.log: header, SSH accept, RDP reject, ICMP accept and reject", () => {
    const t = parse(beats, "accept-reject-traffic.log");
    expect(t.flows.map((f) => [f.srcAddr, f.dstAddr, f.srcPort, f.dstPort, f.protocol, f.verdict])).toEqual([
      ["78.24.182.42", "158.109.0.1", 20641, 22, 6, "accept"],
      ["78.24.182.42", "158.109.0.1", 49761, 3389, 6, "reject"],
      ["203.0.113.12", "172.31.16.139", 0, 0, 1, "accept"],
      ["172.31.16.139", "203.0.113.12", 0, 0, 1, "reject"],
    ]);
    expect(t.flows[2]).toMatchObject({ packets: 4, bytes: 336, startMs: 1432917027000, endMs: 1432917142000, observer: "eni-1235b8ca123456789" });
  });

  it("bad.log is rejected with a reason, not a crash", () => {
    const t = parse(beats, "bad.log");
    expect(t.rejections).toEqual([{ line: 1, reason: expect.stringContaining("4 fields, no header line or configured format") }]);
  });

  it("ipv6.log keeps IPv6 addresses", () => {
    const [f] = parse(beats, "ipv6.log").flows;
    expect(f).toMatchObject({ srcAddr: "2001:db8:1234:a100:8d6e:3477:df66:f105", dstAddr: "2001:db8:1234:a102:3304:8879:34cf:4071", srcPort: 34892, dstPort: 22, bytes: 8855, packets: 54 });
  });

  it("custom-nat-gateway.log: pkt-*addr become the flow addresses, ENI addresses stay in attributes", () => {
    const [viaNat, direct] = parse(beats, "custom-nat-gateway.log").flows;
    expect(viaNat).toMatchObject({ srcAddr: "10.0.1.5", dstAddr: "203.0.113.5", observer: "eni-1235b8ca123456789", verdict: "other", startMs: TEST_NOW_MS });
    expect(viaNat.attributes).toEqual({ dstaddr: "10.0.0.220", timeFromIngest: true });
    expect(direct.attributes).toEqual({ "instance-id": "i-01234567890123456", timeFromIngest: true });
  });

  it("custom-transit-gateway.log: the AWS docs 17-field order, by count or by configuration", () => {
    const lines = readLines(dataset(beats, "custom-transit-gateway.log"));
    const order = "version interface-id account-id vpc-id subnet-id instance-id srcaddr dstaddr srcport dstport protocol tcp-flags type pkt-srcaddr pkt-dstaddr action log-status";
    const byCount = parseLines(createVpcFlowParser(opts), lines).flows[0];
    const byConfig = parseLines(createVpcFlowParser({ ...opts, vpcFields: order }), lines).flows[0];
    expect(byConfig).toEqual(byCount);
    expect(byCount).toMatchObject({
      observer: "eni-33333333333333333",
      accountId: "123456789010",
      vpcId: "vpc-abcdefab012345678",
      subnetId: "subnet-22222222bbbbbbbbb",
      srcAddr: "10.20.33.164",
      dstAddr: "10.40.2.236",
      dstPort: 80,
      tcpFlags: 3,
      verdict: "accept",
    });
    expect(byCount.attributes).toMatchObject({ "instance-id": "i-01234567890123456", type: "IPv4", version: 3 });
  });

  it("tcp-flag-sequence.log: header with fields out of default order (bytes before packets)", () => {
    const [f] = parse(beats, "tcp-flag-sequence.log").flows;
    expect(f).toMatchObject({ bytes: 568, packets: 8, tcpFlags: 2, vpcId: "vpc-abcdefab012345678", subnetId: "subnet-aaaaaaaa012345678", srcAddr: "52.213.180.42", dstAddr: "10.0.0.62", dstPort: 5001 });
  });

  it("test-tgw-samples.log: Transit Gateway default format picked by its 36 fields", () => {
    const t = parse(integrations, "test-tgw-samples.log");
    expect(t.flows[0]).toMatchObject({
      observer: "tgw-attach-0123abcd",
      accountId: "748335378900",
      vpcId: "vpc-0abc1234",
      srcAddr: "216.160.83.56",
      dstAddr: "89.160.20.128",
      srcPort: 36721,
      dstPort: 8080,
      protocol: 17,
      packets: 13,
      bytes: 6842,
      startMs: 1755592553000,
      endMs: 1755592580000,
      verdict: "accept",
      direction: "ingress",
    });
    expect(t.flows[0].attributes).toEqual({ version: 3, "tgw-id": "tgw-0a12bc34de56f7890", "tgw-dst-vpc-id": "vpc-0def5678", "tgw-src-eni": "eni-0ee5f66aa7bcc89d0", "tgw-dst-eni": "eni-0dd4ee5f66aa7bcc8" });
  });

  it("test-ecs-samples.log: v7 ECS fields land in attributes", () => {
    const [f] = parse(integrations, "test-ecs-samples.log").flows;
    expect(f).toMatchObject({ srcAddr: "1.128.0.0", dstAddr: "2a02:cf40::", dstPort: 22, protocol: 17, verdict: "reject", direction: "ingress", observer: null, accountId: "000000000000" });
    expect(f.attributes).toMatchObject({
      "ecs-cluster-arn": "arn:aws:ecs:us-east-1:000000000000:cluster/frontend-cluster",
      "ecs-cluster-name": "frontend-cluster",
      "ecs-container-instance-id": "i-82bfd814a3c34e21a",
      "ecs-service-name": "payments-service",
      "ecs-task-definition-arn": "arn:aws:ecs:us-east-1:000000000000:task-definition/backend:3",
      "ecs-task-id": "6adbd0d6-211",
    });
  });

  it("test-v5-all-fields.log: refused for its 1975 start; with a sane start every v5 field lands", () => {
    const [line] = readLines(dataset(integrations, "test-v5-all-fields.log"));
    expect(parse(integrations, "test-v5-all-fields.log").rejections[0].reason).toBe("start: 1975-03-14T03:34:26.000Z is before 2000-01-01");
    const f = one(createVpcFlowParser(opts).parseLine(line.replace(" 164000066 ", " 1640000066 "), 1));
    expect(f).toEqual({
      sourceKind: "aws-vpc-flow",
      observer: "eni-069xxxxxb7a490",
      srcAddr: "89.160.20.156",
      dstAddr: "10.200.0.80", // pkt-dstaddr
      srcPort: 50041,
      dstPort: 33004,
      protocol: 17,
      bytes: 1,
      packets: 52,
      startMs: 1640000066000,
      endMs: 1640000297000,
      verdict: "reject",
      reason: null,
      tcpFlags: 1,
      direction: "ingress",
      srcWorkload: null,
      dstWorkload: null,
      srcNamespace: null,
      dstNamespace: null,
      l7Protocol: null,
      l7Method: null,
      l7Path: null,
      l7Status: null,
      l7LatencyUs: null,
      traceId: null,
      vpcId: "vpc-09676f97xxxxxb8a7",
      subnetId: "subnet-02d645xxxxxxxdbc0",
      accountId: "64111117617",
      region: "us-east-1",
      attributes: {
        version: 5,
        dstaddr: "10.200.0.0",
        "instance-id": "i-0axxxxxx1ad77",
        type: "IPv4",
        "az-id": "use1-az5",
        "pkt-src-aws-service": "AMAZON",
        "pkt-dst-aws-service": "CLOUDFRONT",
        "traffic-path": 1,
      },
    });
  });

  it("test-v8-samples.log: the NODATA record is skipped; the same layout with OK yields reject-reason BPA", () => {
    const [line] = readLines(dataset(integrations, "test-v8-samples.log"));
    expect(createVpcFlowParser(opts).parseLine(line, 1)).toEqual({ skipped: "NODATA" });
    const f = one(createVpcFlowParser(opts).parseLine(line.replace(" REJECT NODATA ", " REJECT OK "), 1));
    expect(f).toMatchObject({ verdict: "reject", reason: "BPA", srcAddr: "2a02:cf40::", dstAddr: "1.128.0.0", dstPort: 80 });
    expect(f.attributes["ecs-task-id"]).toBe("e504f037-35c");
  });
});
