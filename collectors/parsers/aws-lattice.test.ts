import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizedFlowSchema } from "@/lib/contracts/flow";
import { createLatticeParser, splitIpPort } from "./aws-lattice";
import { parseLines } from "./parse-lines";
import { TEST_NOW_MS, dataset, datasetFiles, hasDatasets, readLines, vendored } from "./testdata/sample-files";

const opts = { nowMs: TEST_NOW_MS };
const SAMPLE = vendored("lattice-access-log-entry.json");
const record = JSON.parse(fs.readFileSync(SAMPLE, "utf8")) as Record<string, unknown>;
const line = (changes: Record<string, unknown>) => JSON.stringify({ ...record, ...changes });

describe("VPC Lattice access log parser", () => {
  it("puts every field of the real record where it belongs (pretty-printed over 37 lines, as published)", () => {
    const t = parseLines(createLatticeParser(opts), readLines(SAMPLE));
    expect([t.parsedLines, t.pendingLines, t.rejectedLines, t.skippedLines, t.flows.length]).toEqual([1, 36, 0, 0, 1]);
    const f = t.flows[0];
    expect(normalizedFlowSchema.safeParse(f).success).toBe(true);
    expect(f).toEqual({
      sourceKind: "aws-lattice",
      observer: "arn:aws:vpc-lattice:ap-southeast-2:123467890123:service/svc-0cfe1f49ff3266204",
      srcAddr: "10.0.183.56",
      dstAddr: "172.31.9.231",
      srcPort: 57086,
      dstPort: 80,
      protocol: 6,
      bytes: 135 + 1247,
      packets: 0,
      startMs: Date.parse("2024-08-04T11:28:40Z"),
      endMs: Date.parse("2024-08-04T11:28:40Z") + 23,
      verdict: "accept", // a 404 from the target is the target's answer, not a Lattice refusal
      reason: null,
      tcpFlags: null,
      direction: null,
      srcWorkload: null,
      dstWorkload: "svc-0cfe1f49ff3266204",
      srcNamespace: null,
      dstNamespace: null,
      l7Protocol: "HTTP/1.1",
      l7Method: "GET",
      l7Path: "/",
      l7Status: 404,
      l7LatencyUs: 23_000,
      traceId: null,
      vpcId: "vpc-04157e16d89eba97b",
      subnetId: null,
      accountId: "123467890123",
      region: "ap-southeast-2",
      attributes: {
        serviceNetworkArn: "arn:aws:vpc-lattice:ap-southeast-2:123467890123:servicenetwork/sn-0e05d75deabe9f290",
        resolvedUser: "arn:aws:sts::123467890123:assumed-role/BridgeModeStack-EnvoyFrontendTaskRoleA297DB4D-wtHyfwZ8q2Ih/35eccb8b16894449acad6e96287ed1d1",
        targetGroupArn: "arn:aws:vpc-lattice:ap-southeast-2:123467890123:targetgroup/tg-0277f384abfefe8aa",
        sourceVpcArn: "arn:aws:ec2:ap-southeast-2:123467890123:vpc/vpc-04157e16d89eba97b",
        destinationVpcId: "vpc-05e207e48696b69b6",
        bytesReceived: 135,
        bytesSent: 1247,
        userAgent: "curl/8.5.0",
        hostHeader: "test2-0cfe1f49ff3266204.7d67968.vpc-lattice-svcs.ap-southeast-2.on.aws",
        serverNameIndication: "test2-0cfe1f49ff3266204.7d67968.vpc-lattice-svcs.ap-southeast-2.on.aws",
        requestToTargetDuration: 21,
        responseFromTargetDuration: 0,
        sslCipher: "ECDHE-RSA-AES128-GCM-SHA256",
        tlsVersion: "TLSv1.2",
        callerPrincipal: "arn:aws:sts::123467890123:assumed-role/BridgeModeStack-EnvoyFrontendTaskRoleA297DB4D-wtHyfwZ8q2Ih/35eccb8b16894449acad6e96287ed1d1",
      },
    });
  });

  it.skipIf(!hasDatasets)("the record of ../shared/datasets is the one vendored here, byte for byte", () => {
    expect(datasetFiles("aws-vpc-lattice-access-log")).toEqual(["sample-bridge-mode-sidecar-README-access-log-entry.json"]);
    expect(fs.readFileSync(dataset("aws-vpc-lattice-access-log", "sample-bridge-mode-sidecar-README-access-log-entry.json"))).toEqual(fs.readFileSync(SAMPLE));
  });

  it("parses the same record as one JSON line identically", () => {
    const single = createLatticeParser(opts).parseLine(JSON.stringify(record), 1);
    const multi = parseLines(createLatticeParser(opts), readLines(SAMPLE)).flows;
    expect(single).toEqual({ flows: multi });
  });

  it("auth denial: reject, reason from failureReason and authDeniedReason, destination = the service", () => {
    const r = createLatticeParser(opts).parseLine(
      line({ responseCode: 403, failureReason: "ClientAccessDenied", authDeniedReason: "Service", targetIpPort: "-", requestToTargetDuration: 0 }),
      4,
    );
    expect(r).toMatchObject({
      flows: [{ verdict: "reject", reason: "ClientAccessDenied (authDeniedReason: Service)", l7Status: 403, dstAddr: "svc-0cfe1f49ff3266204", dstPort: null }],
    });
  });

  it("failure without a target: error; failure after reaching a target: accept with the reason kept", () => {
    const p = createLatticeParser(opts);
    expect(p.parseLine(line({ responseCode: 503, failureReason: "NoHealthyTargets", targetIpPort: "-" }), 1)).toMatchObject({ flows: [{ verdict: "error", reason: "NoHealthyTargets" }] });
    expect(p.parseLine(line({ responseCode: 502, failureReason: "TargetResetConnection" }), 2)).toMatchObject({ flows: [{ verdict: "accept", reason: "TargetResetConnection" }] });
  });

  it("splits IPv6 ip:port forms and drops query strings from the path", () => {
    const r = createLatticeParser(opts).parseLine(line({ sourceIpPort: "[2001:db8::7]:40000", targetIpPort: "[::1]:443", requestPath: "/orders?token=secret" }), 1);
    expect(r).toMatchObject({ flows: [{ srcAddr: "2001:db8::7", srcPort: 40000, dstAddr: "::1", dstPort: 443, l7Path: "/orders" }] });
  });

  it.each([
    ["wrong shape", JSON.stringify({ hello: "world" }), "not a VPC Lattice access log record (no sourceIpPort string)"],
    ["array", "[1,2,3]", "not a VPC Lattice access log record (no sourceIpPort string)"],
    ["bad source", line({ sourceIpPort: "10.0.0.1" }), "sourceIpPort: '10.0.0.1' is not ip:port"],
    ["bad target port", line({ targetIpPort: "10.0.0.2:99999" }), "targetIpPort: '10.0.0.2:99999' is not ip:port"],
    ["non-ISO time", line({ startTime: "yesterday" }), 'startTime: "yesterday" is not an RFC 3339 time'],
    ["missing time", line({ startTime: undefined }), "startTime: null is not an RFC 3339 time"],
    ["negative bytes", line({ bytesSent: -5 }), "bytesSent: -5 is not a number in 0..9007199254740991"],
    ["absurd duration", line({ duration: 1e12 }), "duration: 1000000000000 is not a number in 0..86400000"],
    ["wrong type", line({ failureReason: 42 }), "failureReason: expected a string, got number"],
  ])("rejects %s with a precise reason", (_name, input, reason) => {
    expect(createLatticeParser(opts).parseLine(input, 9)).toEqual({ rejected: { line: 9, reason } });
  });
});

describe("splitIpPort", () => {
  it.each([
    ["10.0.183.56:57086", { addr: "10.0.183.56", port: 57086 }],
    ["[::1]:443", { addr: "::1", port: 443 }],
    ["2001:db8::1:443", { addr: "2001:db8::1", port: 443 }],
    ["10.0.0.1", null],
    ["[::1]443", null],
    ["host:80", null],
    ["10.0.0.1:", null],
    ["10.0.0.1:65536", null],
  ])("%s", (input, want) => {
    expect(splitIpPort(input)).toEqual(want);
  });
});
