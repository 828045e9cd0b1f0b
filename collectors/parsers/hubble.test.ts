import { describe, expect, it } from "vitest";
import { normalizedFlowSchema, type NormalizedFlow } from "@/lib/contracts/flow";
import { createHubbleParser, urlPath } from "./hubble";
import { workloadFromPodName } from "./hubble-endpoint";
import { parseLines } from "./parse-lines";
import { TEST_NOW_MS, dataset, datasetFiles, hasDatasets, readLines, vendored } from "./testdata/sample-files";

const opts = { nowMs: TEST_NOW_MS };

function countBy(flows: NormalizedFlow[], key: (f: NormalizedFlow) => unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of flows) {
    const k = String(key(f));
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function pods(flows: NormalizedFlow[]): number {
  const names = new Set<unknown>();
  for (const f of flows) for (const k of ["source.pod_name", "destination.pod_name"]) if (f.attributes[k]) names.add(f.attributes[k]);
  return names.size;
}

/** Per-file figures from ../shared/datasets/hubble-otel/SOURCE.md, plus reply and L7 counts
 *  counted independently (python over the raw JSON) when the tests were written. */
const FILES: Record<string, { flows: number; type: Record<string, number>; verdict: Record<string, number>; pods: number; l7: Record<string, number>; isReply: Record<string, number> }> = {
  "basic-sample-10-flows.json": { flows: 10, type: { L3_L4: 10 }, verdict: { FORWARDED: 10 }, pods: 6, l7: { none: 10 }, isReply: { true: 5, undefined: 5 } },
  "basic-sample-5-dns-flows.json": { flows: 5, type: { L7: 5 }, verdict: { FORWARDED: 5 }, pods: 2, l7: { "dns REQUEST": 3, "dns RESPONSE": 2 }, isReply: { false: 3, true: 2 } },
  "basic-sample-5-http-flows.json": { flows: 5, type: { L7: 5 }, verdict: { FORWARDED: 5 }, pods: 4, l7: { "http REQUEST": 3, "http RESPONSE": 2 }, isReply: { false: 3, true: 2 } },
  "basic-sample-330-dns-flows.json": { flows: 330, type: { L7: 330 }, verdict: { FORWARDED: 330 }, pods: 6, l7: { "dns REQUEST": 165, "dns RESPONSE": 165 }, isReply: { false: 165, true: 165 } },
  "basic-sample-348-http-flows.json": { flows: 348, type: { L7: 348 }, verdict: { FORWARDED: 348 }, pods: 12, l7: { "http REQUEST": 175, "http RESPONSE": 173 }, isReply: { false: 175, true: 173 } },
  "basic-sample-400-tcp-flows.json": { flows: 400, type: { L3_L4: 335, L7: 65 }, verdict: { FORWARDED: 373, REDIRECTED: 27 }, pods: 9, l7: { none: 335, "http REQUEST": 33, "http RESPONSE": 32 }, isReply: { false: 218, true: 132, undefined: 50 } },
  "basic-sample-400-udp-flows.json": { flows: 400, type: { L3_L4: 252, L7: 148 }, verdict: { FORWARDED: 370, REDIRECTED: 30 }, pods: 4, l7: { none: 252, "dns REQUEST": 74, "dns RESPONSE": 74 }, isReply: { false: 178, true: 148, undefined: 74 } },
  "basic-sample-400-l7-redirected-flows.json": { flows: 400, type: { L3_L4: 400 }, verdict: { REDIRECTED: 400 }, pods: 8, l7: { none: 400 }, isReply: { false: 400 } },
  "basic-sample-400-icmpv4-flows.json": { flows: 18, type: { L3_L4: 18 }, verdict: { FORWARDED: 18 }, pods: 0, l7: { none: 18 }, isReply: { false: 7, true: 4, undefined: 7 } },
};
const VENDORED = new Set(["basic-sample-10-flows.json", "basic-sample-5-dns-flows.json", "basic-sample-5-http-flows.json", "basic-sample-400-icmpv4-flows.json"]);

function checkFile(file: string, path: string): NormalizedFlow[] {
  const want = FILES[file];
  const t = parseLines(createHubbleParser(opts), readLines(path));
  expect({ parsed: t.parsedLines, skipped: t.skippedLines, rejected: t.rejectedLines }).toEqual({ parsed: want.flows, skipped: 0, rejected: 0 });
  expect(countBy(t.flows, (f) => f.attributes.Type)).toEqual(want.type);
  expect(countBy(t.flows, (f) => f.attributes.verdict)).toEqual(want.verdict);
  // FORWARDED → accept; REDIRECTED (to the L7 proxy) is an observation → other
  expect(countBy(t.flows, (f) => f.verdict)).toEqual(Object.fromEntries(Object.entries(want.verdict).map(([v, n]) => [v === "FORWARDED" ? "accept" : "other", n])));
  expect(pods(t.flows)).toBe(want.pods);
  expect(countBy(t.flows, (f) => (f.l7Protocol ? `${f.l7Protocol} ${f.attributes.l7Type}` : "none"))).toEqual(want.l7);
  expect(countBy(t.flows, (f) => f.attributes.isReply)).toEqual(want.isReply);
  for (const f of t.flows) expect(normalizedFlowSchema.safeParse(f).success).toBe(true);
  return t.flows;
}

describe("Hubble parser on the vendored hubble-otel samples", () => {
  it.each([...VENDORED])("%s: counts per SOURCE.md", (file) => {
    checkFile(file, vendored(file));
  });

  it("maps an L3/L4 reply packet field by field", () => {
    const [f] = parseLines(createHubbleParser(opts), readLines(vendored("basic-sample-10-flows.json"))).flows;
    expect(f).toEqual({
      sourceKind: "hubble",
      observer: "gke-ilya-otel-demo-1-ilya-otel-demo-1-6114bb84-zr1l",
      srcAddr: "10.0.2.16",
      dstAddr: "10.0.2.1",
      srcPort: 15020,
      dstPort: 42044,
      protocol: 6,
      bytes: 0,
      packets: 1,
      startMs: Date.parse("2021-06-16T16:52:13.136Z"),
      endMs: Date.parse("2021-06-16T16:52:13.136Z"),
      verdict: "accept",
      reason: null,
      tcpFlags: 1 | 16, // FIN + ACK
      direction: "ingress",
      srcWorkload: "reviews", // k8s:app label
      dstWorkload: null, // reserved:host
      srcNamespace: "bookinfo",
      dstNamespace: null,
      l7Protocol: null,
      l7Method: null,
      l7Path: null,
      l7Status: null,
      l7LatencyUs: null,
      traceId: null,
      vpcId: null,
      subnetId: null,
      accountId: null,
      region: null,
      attributes: {
        verdict: "FORWARDED",
        Type: "L3_L4",
        isReply: true, // deprecated "reply" field: no is_reply in this capture
        "source.pod_name": "reviews-v1-545db77b95-s6jb8",
        "source.identity": 25339,
        "destination.identity": 1,
        "destination.reserved": "host",
        trace_observation_point: "TO_STACK",
      },
    });
  });

  it("maps an HTTP RESPONSE: code, latency_ns (a string in proto JSON) to µs, path without host", () => {
    const f = parseLines(createHubbleParser(opts), readLines(vendored("basic-sample-5-http-flows.json"))).flows[4];
    expect(f).toMatchObject({
      srcAddr: "10.156.0.2",
      dstAddr: "10.156.2.7",
      srcPort: 9253,
      dstPort: 52506,
      tcpFlags: null, // L7 records carry no flags
      packets: 0,
      l7Protocol: "http",
      l7Method: "GET",
      l7Path: "/metrics",
      l7Status: 503,
      l7LatencyUs: 4_138_184,
      srcWorkload: "node-local-dns", // pod name without its DaemonSet suffix
      dstWorkload: "prometheus",
      direction: "egress",
    });
    expect(f.attributes).toMatchObject({ l7Type: "RESPONSE", isReply: true, "http.protocol": "HTTP/1.1" });
  });

  it("maps a DNS RESPONSE rcode to l7Status and keeps the query", () => {
    const f = parseLines(createHubbleParser(opts), readLines(vendored("basic-sample-5-dns-flows.json"))).flows[1];
    expect(f).toMatchObject({ l7Protocol: "dns", l7Status: 3, srcWorkload: "kube-dns", dstWorkload: "node-local-dns", srcPort: 53 });
    expect(f.attributes["dns.query"]).toBe("istiod-istio-1611.istio-system.svc.istio-system.svc.cluster.local.");
  });

  it("maps ICMPv4 type and code, no ports", () => {
    const [f] = parseLines(createHubbleParser(opts), readLines(vendored("basic-sample-400-icmpv4-flows.json"))).flows;
    expect(f).toMatchObject({ protocol: 1, srcPort: null, dstPort: null, attributes: { "icmp.type": 8, "icmp.code": 0, "destination.reserved": "health" } });
  });
});

describe.skipIf(!hasDatasets)("Hubble parser on every hubble-otel file (../shared/datasets)", () => {
  it("the table covers every file of the folder", () => {
    expect(datasetFiles("hubble-otel")).toEqual(Object.keys(FILES).sort());
  });

  it.each(Object.keys(FILES))("%s: counts per SOURCE.md", (file) => {
    checkFile(file, dataset("hubble-otel", file));
  });

  it("basic-sample-348-http-flows.json: 32 productpage-v1 → ratings-v1 RESPONSE records with 503", () => {
    const flows = checkFile("basic-sample-348-http-flows.json", dataset("hubble-otel", "basic-sample-348-http-flows.json"));
    const hits = flows.filter(
      (f) => f.attributes.l7Type === "RESPONSE" && f.l7Status === 503 && f.attributes["source.pod_name"] === "productpage-v1-6b746f74dc-ffh56" && f.attributes["destination.pod_name"] === "ratings-v1-b6994bb9-4dt5c",
    );
    expect(hits).toHaveLength(32);
    expect(flows.filter((f) => f.l7Status === 503)).toHaveLength(151);
  });
});

describe("Hubble parser, cases the samples lack", () => {
  const base = {
    time: "2024-05-01T10:00:00.123456789Z",
    verdict: "DROPPED",
    IP: { source: "10.244.1.60", destination: "10.244.1.5", ipVersion: "IPv4" },
    l4: { TCP: { source_port: 44916, destination_port: 80, flags: { SYN: true } } },
    source: { namespace: "default", pod_name: "xwing" },
    destination: { namespace: "default", pod_name: "deathstar-6fb5694d48-5hmds", workloads: [{ name: "deathstar", kind: "Deployment" }] },
    Type: "L3_L4",
    node_name: "kind-kind/kind-worker",
    drop_reason_desc: "POLICY_DENIED",
  };
  const parse = (flow: object, wrap = true) => createHubbleParser(opts).parseLine(JSON.stringify(wrap ? { flow, node_name: "n1", time: "2024-05-01T10:00:00Z" } : flow), 1);

  it("DROPPED by policy → reject with the reason (Cilium docs example)", () => {
    expect(parse(base)).toMatchObject({ flows: [{ verdict: "reject", reason: "POLICY_DENIED", tcpFlags: 2, dstWorkload: "deathstar", srcWorkload: "xwing", observer: "kind-kind/kind-worker" }] });
  });

  it.each([
    ["POLICY_DENY", {}, "reject", "POLICY_DENY"],
    ["AUTH_REQUIRED", {}, "reject", "AUTH_REQUIRED"],
    ["CT_MISSING_TCP_ACK_FLAG", {}, "drop", "CT_MISSING_TCP_ACK_FLAG"],
    [undefined, { drop_reason: 181 }, "reject", "POLICY_DENY"],
    [undefined, { drop_reason: 158 }, "drop", "drop_reason 158"],
  ])("DROPPED %s %j → %s", (desc, extra, verdict, reason) => {
    expect(parse({ ...base, drop_reason_desc: desc, ...extra })).toMatchObject({ flows: [{ verdict, reason }] });
  });

  it.each([
    ["ERROR", "error"],
    ["AUDIT", "other"],
    ["TRACED", "other"],
    ["TRANSLATED", "other"],
    ["VERDICT_UNKNOWN", "other"],
  ])("%s → %s", (raw, verdict) => {
    expect(parse({ ...base, verdict: raw, drop_reason_desc: undefined })).toMatchObject({ flows: [{ verdict }] });
  });

  it("reads a bare flow object (no 'flow' wrapper)", () => {
    expect(parse({ ...base, verdict: "FORWARDED" }, false)).toMatchObject({ flows: [{ verdict: "accept", srcAddr: "10.244.1.60" }] });
  });

  it("maps every TCP flag to the VPC bitmask", () => {
    const flags = { FIN: true, SYN: true, RST: true, PSH: true, ACK: true, URG: true, ECE: true, CWR: true, NS: true };
    expect(parse({ ...base, l4: { TCP: { source_port: 1, destination_port: 2, flags } } })).toMatchObject({ flows: [{ tcpFlags: 255 }] });
  });

  it.each([
    [{ UDP: { source_port: 5353, destination_port: 53 } }, 17, 5353, 53],
    [{ SCTP: { source_port: 1, destination_port: 2 } }, 132, 1, 2],
    [{ ICMPv6: { type: 128 } }, 58, null, null],
  ])("l4 %j → protocol %i", (l4, protocol, srcPort, dstPort) => {
    expect(parse({ ...base, l4, IP: { source: "fd00::1", destination: "fd00::2", ipVersion: "IPv6" } })).toMatchObject({ flows: [{ protocol, srcPort, dstPort, srcAddr: "fd00::1" }] });
  });

  it("takes the W3C trace id from trace_context and the workload from the app label", () => {
    const flow = { ...base, verdict: "FORWARDED", trace_context: { parent: { trace_id: "4BF92F3577B34DA6A3CE929D0E0E4736" } }, source: { namespace: "shop", labels: ["k8s:app=cart", "k8s:version=v2"], pod_name: "cart-v2-7d9c7c6b8f-x2x9k" } };
    expect(parse(flow)).toMatchObject({ flows: [{ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", srcWorkload: "cart", srcNamespace: "shop" }] });
  });

  it("skips stream events that are not flows and flows without an IP layer", () => {
    const p = createHubbleParser(opts);
    expect(p.parseLine(JSON.stringify({ node_status: { state_change: "NODE_CONNECTED" }, time: "2024-05-01T10:00:00Z" }), 1)).toEqual({ skipped: "non-flow-event" });
    expect(p.parseLine(JSON.stringify({ flow: { ...base, IP: undefined } }), 2)).toEqual({ skipped: "non-ip-flow" });
    expect(p.parseLine("// SPDX-License-Identifier: Apache-2.0", 3)).toEqual({ skipped: "comment" });
  });

  it.each([
    ["wrong shape", { hello: 1 }, "not a Hubble flow: no 'flow' object and no flow fields (verdict, IP, l4) at top level"],
    ["bad IP", { flow: { ...base, IP: { source: "10.0.0.999", destination: "10.0.0.1" } } }, "IP.source: '10.0.0.999' is not an IP address"],
    ["port out of range", { flow: { ...base, l4: { TCP: { source_port: 70000, destination_port: 80 } } } }, "l4.TCP.source_port: 70000 is not an integer in 0..65535"],
    ["negative port", { flow: { ...base, l4: { UDP: { source_port: -1, destination_port: 80 } } } }, "l4.UDP.source_port: -1 is not an integer in 0..65535"],
    ["string flag", { flow: { ...base, l4: { TCP: { source_port: 1, destination_port: 80, flags: { SYN: "yes" } } } } }, "l4.TCP.flags.SYN: expected true or false, got string"],
    ["no time", { flow: { ...base, time: undefined } }, "time: null is not an RFC 3339 time"],
    ["future time", { flow: { ...base, time: "2199-01-01T00:00:00Z" } }, "time: 2199-01-01T00:00:00.000Z is more than a day in the future"],
    ["labels not an array", { flow: { ...base, source: { labels: "k8s:app=x" } } }, "source.labels: expected an array"],
  ])("rejects %s with a precise reason", (_name, record, reason) => {
    expect(createHubbleParser(opts).parseLine(JSON.stringify(record), 5)).toEqual({ rejected: { line: 5, reason } });
  });
});

describe("workloadFromPodName", () => {
  it.each([
    ["reviews-v1-545db77b95-s6jb8", "reviews-v1"],
    ["ratings-v1-b6994bb9-4dt5c", "ratings-v1"],
    ["kube-dns-b4f5c58c7-vnx5s", "kube-dns"],
    ["node-local-dns-r99x7", "node-local-dns"],
    ["otelcol-hubble-collector-2t8z4", "otelcol-hubble-collector"],
    ["web-0", "web"],
    ["standalone", "standalone"],
    ["my-collector", "my-collector"], // "collector" has vowels: not a generated suffix
  ])("%s → %s", (pod, workload) => {
    expect(workloadFromPodName(pod)).toBe(workload);
  });
});

describe("urlPath", () => {
  it.each([
    ["http://10.156.1.2:9253/metrics", "/metrics"],
    ["http://reviews:9080/reviews/0?x=1#f", "/reviews/0"],
    ["http://host", "/"],
    ["/api/v1?q", "/api/v1"],
  ])("%s → %s", (url, path) => {
    expect(urlPath(url)).toBe(path);
  });
});
