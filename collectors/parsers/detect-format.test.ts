import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format";
import { dataset, datasetFiles, hasDatasets, readLines, vendored } from "./testdata/sample-files";

const V2 = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const lattice = JSON.parse(fs.readFileSync(vendored("lattice-access-log-entry.json"), "utf8")) as object;

describe("detectFormat", () => {
  it.each([
    ["VPC default v2 line", [V2], "aws-vpc-flow"],
    ["VPC NODATA line", ["2 123456789010 eni-1 - - - - - - - 1431280876 1431280934 - NODATA"], "aws-vpc-flow"],
    ["VPC header then a line", ["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status", V2], "aws-vpc-flow"],
    ["VPC custom header then a line", ["instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr", "- eni-1 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5"], "aws-vpc-flow"],
    ["Lattice record on one line", [JSON.stringify(lattice)], "aws-lattice"],
    ["Lattice record pretty-printed, cut after 10 lines", readLines(vendored("lattice-access-log-entry.json")).slice(0, 10), "aws-lattice"],
    ["Lattice record pretty-printed, whole", readLines(vendored("lattice-access-log-entry.json")), "aws-lattice"],
    ["Hubble observe line", readLines(vendored("basic-sample-10-flows.json")).slice(0, 3), "hubble"],
    ["bare Hubble flow", [JSON.stringify({ verdict: "DROPPED", IP: { source: "10.0.0.1", destination: "10.0.0.2" } })], "hubble"],
    ["Hubble after comment lines", ["// SPDX-License-Identifier: Apache-2.0", "// Copyright Authors of Cilium", "", readLines(vendored("basic-sample-10-flows.json"))[0]], "hubble"],
    ["Azure NSG record", [JSON.stringify({ category: "NetworkSecurityGroupFlowEvent", properties: { Version: 2, flows: [] } })], "azure-nsg"],
    ["Azure VNet record", [JSON.stringify({ flowLogVersion: 4, flowRecords: { flows: [] } })], "azure-vnet"],
    ["Azure blob wrapper", [JSON.stringify({ records: [{ flowLogVersion: 4, flowRecords: { flows: [] } }] })], "azure-vnet"],
  ])("%s", (_name, lines, kind) => {
    expect(detectFormat(lines)).toBe(kind);
  });

  it.each([
    ["nothing", []],
    ["blank lines", ["", "   "]],
    ["prose", ["Phony unsupported log format."]],
    ["a header alone (what follows is unknown)", ["version srcaddr dstaddr"]],
    ["a custom order without header", ["- eni-1 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5"]],
    ["JSON of another kind", ['{"level":"info","msg":"hello"}']],
    ["broken JSON", ['{"flow": {']],
    ["binary garbage", ["\u0000\u0001\u00ff\ufffd\u0007"]],
  ])("returns null for %s", (_name, lines) => {
    expect(detectFormat(lines)).toBeNull();
  });
});

describe.skipIf(!hasDatasets)("detectFormat on every sample file (../shared/datasets)", () => {
  const expected: Record<string, string | null> = {
    "elastic-beats-aws-vpcflow": "aws-vpc-flow",
    "elastic-integrations-aws-vpcflow": "aws-vpc-flow",
    "aws-vpc-lattice-access-log": "aws-lattice",
    "hubble-otel": "hubble",
    "elastic-integrations-azure-nsg": "azure-nsg",
    "elastic-integrations-azure-vnet": "azure-vnet",
  };
  // Files whose content is not a valid flow log, so detection must not claim one.
  const undetectable = new Set(["elastic-beats-aws-vpcflow/bad.log", "elastic-integrations-aws-vpcflow/test-v5-all-fields.log"]);
  for (const [folder, kind] of Object.entries(expected)) {
    it.each(datasetFiles(folder))(`${folder}/%s`, (file) => {
      const want = undetectable.has(`${folder}/${file}`) ? null : kind;
      expect(detectFormat(readLines(dataset(folder, file)).slice(0, 10))).toBe(want);
    });
  }
});
