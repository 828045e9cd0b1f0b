// VPC Flow Logs record both halves of a conversation; the flow reads must file an answer under
// its request's direction (client → server) as the collector's rollup does, or the network
// panels show every conversation twice, half of it backwards. Both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/tokens";
import { flowPageSchema } from "@/lib/contracts/flows";
import { installDatabase } from "@/lib/db";
import { ensurePartitions } from "@/lib/ingest/partitions";
import { databaseKinds, type TestDatabase } from "@/lib/testing/databases";
import { networkReadRoutes } from "@/lib/testing/network-read-routes";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

const CLIENT = "10.3.0.1";
const SERVER = "10.3.0.2";

describe.each(databaseKinds)("VPC answers in the flow reads on $kind", ({ create }) => {
  let t: TestDatabase;
  let server: RouteServer;
  let cluster: string;
  beforeAll(async () => {
    t = await create();
    installDatabase(t.db);
    server = await startRouteServer(networkReadRoutes);
    cluster = `vpc-dir-${Date.now()}`;
    const { cluster: c } = await createCluster(t.db, cluster);
    const startMs = Date.now() - 5_000;
    await ensurePartitions(t.db, "flows", [startMs]);
    // [src, srcPort, dst, dstPort, tcp flags]
    const records = [
      [CLIENT, 40010, SERVER, 8080, 3], // the request's window: SYN|FIN
      [SERVER, 8080, CLIENT, 40010, 19], // the answer's window: SYN-ACK|FIN
      [SERVER, 8080, CLIENT, 40011, 0], // a later window of another answer: no handshake flags, ports decide
      [CLIENT, 50000, SERVER, 50001, 0], // both ports ephemeral: nothing decides, kept as logged
    ] as const;
    for (const [src, sport, dst, dport, flags] of records) {
      await t.db.query(
        `INSERT INTO flows (cluster_id, source_kind, src_addr, src_port, dst_addr, dst_port, protocol, bytes, packets, start_time, end_time, verdict, tcp_flags, attributes)
         VALUES ($1, 'aws-vpc-flow', $2, $3, $4, $5, 6, 100, 2, $6, $6, 'accept', $7, '{}')`,
        [c.id, src, sport, dst, dport, new Date(startMs), flags],
      );
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const flowsOf = async (qs: string) => {
    const res = await fetch(`${server.url}/api/v1/flows?range=15m&cluster=${cluster}&${qs}`);
    expect(res.status).toBe(200);
    return flowPageSchema.parse(await res.json()).flows;
  };

  it("files every answer under the client that asked", async () => {
    expect(await flowsOf(`src=${CLIENT}`)).toHaveLength(4);
    expect(await flowsOf(`dst=${SERVER}`)).toHaveLength(4);
    expect(await flowsOf(`src=${SERVER}`)).toEqual([]);
    expect(await flowsOf(`dst=${CLIENT}`)).toEqual([]);
  });
});
