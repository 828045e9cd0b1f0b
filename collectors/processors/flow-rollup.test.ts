import { describe, expect, it } from "vitest";
import type { NormalizedFlow } from "@/lib/contracts/flow";
import { networkEdgeMinuteSchema, type NetworkEdgeMinute } from "@/lib/contracts/rollup";
import { createParser } from "../parsers/index";
import { parseLines } from "../parsers/parse-lines";
import { TEST_NOW_MS, dataset, hasDatasets, readLines, vendored } from "../parsers/testdata/sample-files";
import { FlowRollup, rollupFlows } from "./flow-rollup";

const T0 = Date.parse("2024-05-01T10:00:00Z");

function flow(over: Partial<NormalizedFlow>): NormalizedFlow {
  return {
    sourceKind: "aws-vpc-flow",
    observer: "eni-1",
    srcAddr: "10.0.0.1",
    dstAddr: "10.0.0.2",
    srcPort: 40000,
    dstPort: 443,
    protocol: 6,
    bytes: 100,
    packets: 2,
    startMs: T0,
    endMs: T0,
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
    accountId: null,
    region: null,
    attributes: {},
    ...over,
  };
}

const only = (rows: NetworkEdgeMinute[]) => {
  expect(rows).toHaveLength(1);
  return rows[0];
};

describe("flow rollup: grouping and counts", () => {
  it("sums flows, bytes and packets per minute, source, destination, port and protocol", () => {
    const rows = rollupFlows([
      flow({}),
      flow({ srcPort: 40001, bytes: 50, packets: 1, startMs: T0 + 59_999 }),
      flow({ dstPort: 80 }),
      flow({ protocol: 17 }),
      flow({ startMs: T0 + 60_000 }),
    ]);
    expect(rows.map((r) => [r.minuteMs - T0, r.srcWorkload, r.dstWorkload, r.dstPort, r.protocol, r.flows, r.bytes, r.packets])).toEqual([
      [0, "10.0.0.1", "10.0.0.2", 80, 6, 1, 100, 2],
      [0, "10.0.0.1", "10.0.0.2", 443, 6, 2, 150, 3],
      [0, "10.0.0.1", "10.0.0.2", 443, 17, 1, 100, 2],
      [60_000, "10.0.0.1", "10.0.0.2", 443, 6, 1, 100, 2],
    ]);
    for (const r of rows) expect(networkEdgeMinuteSchema.safeParse(r).success).toBe(true);
  });

  it("puts a flow spanning several minutes in its start minute only", () => {
    const row = only(rollupFlows([flow({ startMs: T0 + 30_000, endMs: T0 + 570_000, bytes: 9000 })]));
    expect([row.minuteMs, row.flows, row.bytes]).toEqual([T0, 1, 9000]);
  });

  it("counts reject as rejects, drop and error as drops", () => {
    const row = only(rollupFlows([flow({ verdict: "reject" }), flow({ verdict: "drop" }), flow({ verdict: "error" }), flow({ verdict: "other" })]));
    expect([row.flows, row.rejects, row.drops]).toEqual([4, 1, 2]);
  });

  it("names workloads: resolver first, then the source's own name with namespace, then the address", () => {
    const asked: [string, number][] = [];
    const resolveWorkload = (addr: string, atMs: number) => {
      asked.push([addr, atMs]);
      return addr === "10.0.0.1" ? "checkout" : null;
    };
    const rows = rollupFlows(
      [flow({ srcWorkload: "ignored", dstWorkload: "cart", dstNamespace: "shop" }), flow({ dstAddr: "10.0.0.9", dstWorkload: "svc-123" }), flow({ dstAddr: "10.0.0.8" })],
      { resolveWorkload },
    );
    expect(rows.map((r) => `${r.srcWorkload} -> ${r.dstWorkload}`)).toEqual(["checkout -> 10.0.0.8", "checkout -> shop/cart", "checkout -> svc-123"]);
    expect(asked[0]).toEqual(["10.0.0.1", T0]);
  });

  it("attributes a reply to the request direction: swapped addresses, workloads and ports", () => {
    const response = flow({
      sourceKind: "hubble",
      srcAddr: "10.0.0.2",
      srcPort: 9080,
      srcWorkload: "ratings",
      srcNamespace: "bookinfo",
      dstAddr: "10.0.0.1",
      dstPort: 51000,
      dstWorkload: "reviews",
      dstNamespace: "bookinfo",
      l7Protocol: "http",
      l7Status: 503,
      attributes: { isReply: true, l7Type: "RESPONSE" },
    });
    const request = flow({ sourceKind: "hubble", srcWorkload: "reviews", srcNamespace: "bookinfo", dstAddr: "10.0.0.2", dstWorkload: "ratings", dstNamespace: "bookinfo", dstPort: 9080, srcPort: 51000, l7Protocol: "http", attributes: { isReply: false } });
    const row = only(rollupFlows([request, response]));
    expect(row).toMatchObject({ srcWorkload: "bookinfo/reviews", dstWorkload: "bookinfo/ratings", dstPort: 9080, flows: 2, l7Errors: 1 });
  });

  it.each([
    ["HTTP 500", { l7Protocol: "http", l7Status: 500 }, 1],
    ["HTTP 404", { l7Protocol: "http", l7Status: 404 }, 0],
    ["Hubble HTTP 403", { sourceKind: "hubble", l7Protocol: "http", l7Status: 403 }, 0],
    ["Lattice 403", { sourceKind: "aws-lattice", l7Protocol: "HTTP/1.1", l7Status: 403 }, 1],
    ["Lattice 503", { sourceKind: "aws-lattice", l7Protocol: "HTTP/2", l7Status: 503 }, 1],
    ["DNS NXDOMAIN", { l7Protocol: "dns", l7Status: 3 }, 0],
    ["DNS SERVFAIL", { l7Protocol: "dns", l7Status: 2 }, 1],
  ] as const)("l7Errors: %s → %i", (_name, over, errors) => {
    expect(only(rollupFlows([flow(over as Partial<NormalizedFlow>)])).l7Errors).toBe(errors);
  });
});

describe("flow rollup: VPC answers fold into the request's direction", () => {
  const request = (over: Partial<NormalizedFlow> = {}) => flow({ srcPort: 41000, dstPort: 5432, ...over });
  const answer = (over: Partial<NormalizedFlow> = {}) => flow({ srcAddr: "10.0.0.2", srcPort: 5432, dstAddr: "10.0.0.1", dstPort: 41000, bytes: 900, packets: 5, ...over });

  it("SYN+FIN out, SYN-ACK+FIN back: one edge client → server:5432 carrying both directions' volume", () => {
    const row = only(rollupFlows([request({ tcpFlags: 3 }), answer({ tcpFlags: 19 })]));
    expect(row).toMatchObject({ srcWorkload: "10.0.0.1", dstWorkload: "10.0.0.2", dstPort: 5432, flows: 2, bytes: 1000, packets: 7, retransmits: 0 });
  });

  it("flags decide even against the ports: a client on a low port, a server on a high one", () => {
    const rows = rollupFlows([
      flow({ srcPort: 1000, dstPort: 50000, tcpFlags: 3 }),
      flow({ srcAddr: "10.0.0.2", srcPort: 50000, dstAddr: "10.0.0.1", dstPort: 1000, tcpFlags: 19 }),
    ]);
    expect(only(rows)).toMatchObject({ srcWorkload: "10.0.0.1", dstPort: 50000, flows: 2 });
  });

  it("records without handshake flags follow a listening socket learned from an earlier SYN", () => {
    const rollup = new FlowRollup();
    rollup.add(flow({ srcPort: 1000, dstPort: 50000, tcpFlags: 2 }));
    // a later window of the same long-lived connection, both ways, no SYN: the ports alone would
    // call the 50000 → 1000 record a request
    rollup.add(flow({ srcPort: 1000, dstPort: 50000, tcpFlags: 0, startMs: T0 + 120_000 }));
    rollup.add(flow({ srcAddr: "10.0.0.2", srcPort: 50000, dstAddr: "10.0.0.1", dstPort: 1000, tcpFlags: 0, startMs: T0 + 120_000 }));
    expect(rollup.drain().map((r) => [r.minuteMs - T0, r.srcWorkload, r.dstPort, r.flows])).toEqual([
      [0, "10.0.0.1", 50000, 1],
      [120_000, "10.0.0.1", 50000, 2],
    ]);
  });

  it.each([
    ["service port → ephemeral port", 5432, 41000, true],
    ["privileged → unprivileged", 443, 8080, true],
    ["ephemeral → service port (a request)", 41000, 5432, false],
    ["both unprivileged, below the ephemeral range: undecided, kept", 8080, 9092, false],
    ["both ephemeral: undecided, kept", 40000, 50000, false],
  ] as const)("without flags, by ports: %s", (_name, sport, dport, swapped) => {
    const row = only(rollupFlows([flow({ srcPort: sport, dstPort: dport, protocol: 17 })]));
    expect([row.srcWorkload, row.dstPort]).toEqual(swapped ? ["10.0.0.2", sport] : ["10.0.0.1", dport]);
  });

  it("a rejected SYN stays a reject on the request edge; a reset after loss (7) stays client → server", () => {
    const rows = rollupFlows([
      request({ tcpFlags: 2, verdict: "reject" }),
      request({ tcpFlags: 7, srcPort: 41001 }),
      answer({ tcpFlags: 19, dstPort: 41001 }),
    ]);
    expect(only(rows)).toMatchObject({ srcWorkload: "10.0.0.1", dstPort: 5432, flows: 3, rejects: 1, retransmits: 1 });
  });

  it("leaves the flow objects (the raw rows) as logged", () => {
    const a = answer({ tcpFlags: 19 });
    const before = structuredClone(a);
    rollupFlows([a]);
    expect(a).toEqual(before);
  });
});

describe("flow rollup: retransmit signals", () => {
  const clientToServer = (over: Partial<NormalizedFlow>) => flow({ ...over });
  const serverToClient = (over: Partial<NormalizedFlow>) => flow({ srcAddr: "10.0.0.2", srcPort: 443, dstAddr: "10.0.0.1", dstPort: 40000, ...over });
  const total = (rows: NetworkEdgeMinute[]) => rows.reduce((n, r) => n + r.retransmits, 0);

  it("VPC: SYN+FIN answered by a SYN-ACK record is a healthy connection", () => {
    expect(total(rollupFlows([clientToServer({ tcpFlags: 3 }), serverToClient({ tcpFlags: 19 })]))).toBe(0);
  });

  it("VPC: a SYN never answered counts once, on the client's edge", () => {
    const rows = rollupFlows([clientToServer({ tcpFlags: 2, packets: 3 }), clientToServer({ tcpFlags: 2, observer: "eni-2" })]);
    expect(only(rows)).toMatchObject({ srcWorkload: "10.0.0.1", retransmits: 1 });
  });

  it("VPC: a SYN rejected by policy is a reject, not a retransmit", () => {
    expect(only(rollupFlows([clientToServer({ tcpFlags: 2, verdict: "reject" })]))).toMatchObject({ rejects: 1, retransmits: 0 });
  });

  it("RST counts once per connection, whatever the number of records showing it", () => {
    const rows = rollupFlows([clientToServer({ tcpFlags: 3 }), serverToClient({ tcpFlags: 18 | 4 }), serverToClient({ tcpFlags: 4, observer: "eni-2" })]);
    expect(total(rows)).toBe(1);
  });

  it("Hubble: the same SYN seen at two observation points is one packet; repeated SYNs are retransmits", () => {
    const syn = (point: string) => flow({ sourceKind: "hubble", observer: "node-a", tcpFlags: 2, packets: 1, attributes: { trace_observation_point: point } });
    const synAck = serverToClient({ sourceKind: "hubble", observer: "node-a", tcpFlags: 18, attributes: { isReply: true } });
    expect(total(rollupFlows([syn("FROM_ENDPOINT"), syn("TO_STACK"), synAck]))).toBe(0);
    // three SYNs at the same point, no answer: 2 retransmitted SYNs + 1 unanswered handshake
    expect(total(rollupFlows([syn("FROM_ENDPOINT"), syn("FROM_ENDPOINT"), syn("FROM_ENDPOINT")]))).toBe(3);
  });

  it("Hubble: the client's ACK proves the handshake when the SYN-ACK was seen on another node", () => {
    expect(total(rollupFlows([flow({ sourceKind: "hubble", tcpFlags: 2 }), flow({ sourceKind: "hubble", tcpFlags: 16 })]))).toBe(0);
  });

  it("ignores flags on non-TCP flows and flows without flags", () => {
    expect(total(rollupFlows([flow({ protocol: 17, tcpFlags: 2 }), flow({ tcpFlags: null })]))).toBe(0);
  });
});

describe("flow rollup: streaming and bounds", () => {
  it("drain(beforeMs) returns only closed minutes and keeps the rest", () => {
    const rollup = new FlowRollup();
    rollup.add(flow({}));
    rollup.add(flow({ startMs: T0 + 60_000 }));
    expect(rollup.drain(T0 + 60_000).map((r) => r.minuteMs)).toEqual([T0]);
    expect(rollup.size).toBe(1);
    rollup.add(flow({ startMs: T0 + 61_000 }));
    expect(only(rollup.drain()).flows).toBe(2);
    expect(rollup.size).toBe(0);
  });

  it("settles retransmit signals at drain time: a SYN-ACK arriving later in the same minute still answers", () => {
    const synAck = flow({ tcpFlags: 18, srcAddr: "10.0.0.2", srcPort: 443, dstAddr: "10.0.0.1", dstPort: 40000 });
    const sum = (rows: NetworkEdgeMinute[]) => rows.reduce((n, r) => n + r.retransmits, 0);
    const answered = new FlowRollup();
    answered.add(flow({ tcpFlags: 2 }));
    expect(answered.drain(T0)).toEqual([]); // minute T0 is not closed yet
    answered.add(synAck);
    expect(sum(answered.drain())).toBe(0);
    const unanswered = new FlowRollup();
    unanswered.add(flow({ tcpFlags: 2 }));
    expect(sum(unanswered.drain())).toBe(1);
  });

  it("names addresses at drain time: a name learned after the flow was counted still applies", () => {
    const names = new Map<string, string>();
    const rollup = new FlowRollup({ resolveWorkload: (addr) => names.get(addr) ?? null });
    rollup.add(flow({ dstAddr: "10.0.0.2" }));
    rollup.add(flow({ dstAddr: "10.0.0.3", dstWorkload: "kafka", dstNamespace: "pay" }));
    names.set("10.0.0.2", "pay/kafka"); // e.g. from a Hubble line read after the VPC record
    expect(only(rollup.drain())).toMatchObject({ dstWorkload: "pay/kafka", flows: 2 });
  });

  it("counts flows refused past maxRows instead of growing without bound", () => {
    const rollup = new FlowRollup({ maxRows: 2 });
    for (let port = 1; port <= 5; port++) rollup.add(flow({ dstPort: port }));
    rollup.add(flow({ dstPort: 1 }));
    expect([rollup.size, rollup.overflowed]).toEqual([2, 3]);
    expect(rollup.drain().map((r) => r.flows)).toEqual([2, 1]);
  });
});

describe("flow rollup against its definition", () => {
  // Rows are found by interned side ids and numeric (minute, port, protocol) keys: a collision
  // or a side mixed up would merge or split rows. The definition, written plainly: one row per
  // (minute, source name, destination name, port, protocol), a side named by the resolver, else
  // by the source's own name, else by its address. Hubble records are never folded, so the
  // definition needs no direction.
  it("gives the same rows as grouping every flow by its final names, with extreme ports, protocols and minutes", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const named = new Map([["10.0.0.1", "shop/web"], ["10.0.0.2", "shop/db"], ["10.0.0.3", "10.0.0.4"]]);
    const addresses = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "shop/web", "fd00::1"];
    const ports = [0, 1, 255, 256, 443, 65535];
    const protocols = [0, 1, 6, 17, 128, 255];
    const flows = Array.from({ length: 3000 }, () => {
      const own = rand(4) === 0;
      return flow({
        sourceKind: "hubble",
        srcAddr: addresses[rand(addresses.length)],
        dstAddr: addresses[rand(addresses.length)],
        srcWorkload: own ? "web" : null,
        srcNamespace: own && rand(2) === 0 ? "shop" : null,
        dstWorkload: rand(5) === 0 ? "db" : null,
        dstPort: ports[rand(ports.length)],
        protocol: protocols[rand(protocols.length)],
        startMs: T0 + [0, 59_999, 60_000, 86_400_000 * 365][rand(4)] + rand(1000),
        bytes: rand(10_000),
        packets: rand(10),
        verdict: (["accept", "reject", "drop"] as const)[rand(3)],
      });
    });
    const want = new Map<string, NetworkEdgeMinute>();
    for (const f of flows) {
      const srcWorkload = named.get(f.srcAddr) ?? (f.srcWorkload ? (f.srcNamespace ? `${f.srcNamespace}/${f.srcWorkload}` : f.srcWorkload) : f.srcAddr);
      const dstWorkload = named.get(f.dstAddr) ?? (f.dstWorkload ? (f.dstNamespace ? `${f.dstNamespace}/${f.dstWorkload}` : f.dstWorkload) : f.dstAddr);
      const minuteMs = Math.floor(f.startMs / 60_000) * 60_000;
      const key = JSON.stringify([minuteMs, srcWorkload, dstWorkload, f.dstPort, f.protocol]);
      const row = want.get(key) ?? { minuteMs, srcWorkload, dstWorkload, dstPort: f.dstPort!, protocol: f.protocol!, flows: 0, bytes: 0, packets: 0, rejects: 0, drops: 0, retransmits: 0, l7Errors: 0 };
      row.flows++;
      row.bytes += f.bytes;
      row.packets += f.packets;
      if (f.verdict === "reject") row.rejects++;
      if (f.verdict === "drop") row.drops++;
      want.set(key, row);
    }
    // Half the names are known only at drain time (late naming merges rows), half at once.
    const late = new Map<string, string>();
    const rollup = new FlowRollup({ resolveWorkload: (addr) => late.get(addr) ?? (addr === "10.0.0.1" ? named.get(addr)! : null) });
    for (const f of flows) rollup.add(f);
    for (const [addr, name] of named) late.set(addr, name);
    // the first minute drained alone: the rows kept move to a fresh store with their sides
    const got = [...rollup.drain(T0 + 60_000), ...rollup.drain()];
    const order = (a: NetworkEdgeMinute, b: NetworkEdgeMinute) => JSON.stringify([a.minuteMs, a.srcWorkload, a.dstWorkload, a.dstPort, a.protocol]) < JSON.stringify([b.minuteMs, b.srcWorkload, b.dstWorkload, b.dstPort, b.protocol]) ? -1 : 1;
    expect([...got].sort(order)).toEqual([...want.values()].sort(order));
    expect(got.length).toBeGreaterThan(500);
  });
});

describe("flow rollup on parsed samples", () => {
  const parse = (kind: "hubble" | "aws-vpc-flow", file: string) => parseLines(createParser(kind, { nowMs: TEST_NOW_MS }), readLines(file)).flows;

  it("basic-sample-5-http-flows.json: prometheus scrapes, 503 responses folded onto the request edge", () => {
    const rows = rollupFlows(parse("hubble", vendored("basic-sample-5-http-flows.json")));
    for (const r of rows) expect(networkEdgeMinuteSchema.safeParse(r).success).toBe(true);
    expect(rows.reduce((n, r) => n + r.flows, 0)).toBe(5);
    expect(rows.every((r) => r.srcWorkload === "istio-system/prometheus")).toBe(true);
    expect(rows.reduce((n, r) => n + r.l7Errors, 0)).toBe(2);
  });

  it.skipIf(!hasDatasets)("basic-sample-348-http-flows.json: 151 HTTP 503 responses become 151 l7Errors", () => {
    const rows = rollupFlows(parse("hubble", dataset("hubble-otel", "basic-sample-348-http-flows.json")));
    expect(rows.reduce((n, r) => n + r.flows, 0)).toBe(348);
    expect(rows.reduce((n, r) => n + r.l7Errors, 0)).toBe(151);
    // the 32 productpage-v1 → ratings-v1 responses are attributed to the requester, ratings
    const edge = rows.filter((r) => r.srcWorkload === "bookinfo/ratings" && r.dstWorkload === "bookinfo/productpage-v1");
    expect(edge.reduce((n, r) => n + r.l7Errors, 0)).toBe(32);
  });

  it.skipIf(!hasDatasets)("basic-sample-400-tcp-flows.json: every SYN was answered, so no retransmit signal", () => {
    const rows = rollupFlows(parse("hubble", dataset("hubble-otel", "basic-sample-400-tcp-flows.json")));
    expect(rows.reduce((n, r) => n + r.flows, 0)).toBe(400);
    expect(rows.reduce((n, r) => n + r.retransmits, 0)).toBe(0);
  });

  it.skipIf(!hasDatasets)("accept-reject-traffic.log: the RDP reject lands as a reject on its edge", () => {
    const rows = rollupFlows(parse("aws-vpc-flow", dataset("elastic-beats-aws-vpcflow", "accept-reject-traffic.log")));
    expect(rows.find((r) => r.dstPort === 3389)).toMatchObject({ srcWorkload: "78.24.182.42", dstWorkload: "158.109.0.1", protocol: 6, flows: 1, bytes: 4249, packets: 20, rejects: 1 });
  });
});
