import "server-only";
// The raw flows of a window with each side resolved to the name the network layer files it
// under, as the agent's FlowRollup does (collectors/processors/flow-rollup.ts): the address map
// at the flow's time first ("namespace/workload", else the service), then the name the source
// gave ("namespace/name"), then the raw address. Replies (Hubble isReply) are folded into the
// request's direction, so "client" is the side that made the request.
//
// Names are resolved as sets, not per flow: the map rows of the candidates' distinct addresses
// are read once (a few hundred rows for 20,000 flows), then joined to the flows by hash and the
// best row per flow and side kept (DISTINCT ON). Two index lookups per flow (a LATERAL join)
// made a 20,000-flow breakdown cost 40,000 lookups (bench/README "Network drilldowns"). A name
// filter still first narrows the window's flows to candidates by address and by the source's
// own name. Every value arrives as a bind parameter; only fixed SQL fragments are concatenated.

/** The agent keeps an address's holder this long around its sightings (AddressMap graceMs). */
const GRACE = `interval '5 minutes'`;

export class SqlParams {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export interface FlowFilter {
  fromMs: number;
  toMs: number;
  clusterId: number | null;
  /** client side (after folding replies): an address or a workload name */
  client?: string;
  server?: string;
  /** either side */
  either?: string;
  verdict?: string;
  port?: number;
  /** only flows that started at or before this epoch-µs instant (a page cursor), as a decimal string */
  beforeUs?: string;
}

const ownName = (side: "src" | "dst", t: string) =>
  `CASE WHEN ${t}.${side}_workload IS NOT NULL THEN COALESCE(${t}.${side}_namespace || '/', '') || ${t}.${side}_workload END`;
const mapName = (a: string) => `CASE WHEN ${a}.workload IS NOT NULL THEN COALESCE(${a}.namespace || '/', '') || ${a}.workload ELSE ${a}.service END`;

// Which address_map row names a flow's address: the one holding it at the flow's start, else the
// newest one within the agent's grace; the highest id among equals, so every read agrees.
const HOLDER_RANK = `ORDER BY c.rn, (m.valid_from <= c.start_time AND m.valid_to >= c.start_time) DESC, m.valid_from DESC, m.id DESC`;

/** One row per candidate flow (rn) that the address map names on this side. */
function holderOf(side: "src" | "dst") {
  return `SELECT DISTINCT ON (c.rn) c.rn, m.name, m.service, m.namespace
      FROM c JOIN m ON m.cluster_id = c.cluster_id AND m.address = c.${side}_addr
       AND m.valid_from <= c.start_time + ${GRACE} AND m.valid_to >= c.start_time - ${GRACE}
     ${HOLDER_RANK}`;
}

/** Narrows to flows that could resolve to `name` on some side, before any per-flow lookup. */
function candidate(p: SqlParams, name: string, from: string, to: string, cluster: string): string {
  const n = p.add(name);
  const addrs = `ARRAY(SELECT DISTINCT a.address FROM address_map a
      WHERE (${cluster}::int IS NULL OR a.cluster_id = ${cluster}) AND a.valid_to >= ${from}::timestamptz - ${GRACE}
        AND a.valid_from <= ${to}::timestamptz + ${GRACE} AND ${mapName("a")} = ${n})`;
  return `(f.src_addr = ${n} OR f.dst_addr = ${n} OR f.src_addr = ANY(${addrs}) OR f.dst_addr = ANY(${addrs})
      OR ${ownName("src", "f")} = ${n} OR ${ownName("dst", "f")} = ${n})`;
}

export interface ResolvedFlowsSql {
  /** a SELECT of the resolved, filtered flows: columns of `flows` plus client_name, server_name, src_name, dst_name, src_service, dst_service, src_ns, dst_ns, reply, and candidates (when asked: how many flows matched, up to cap + 1, so "more than cap" is known without counting them all) */
  sql: string;
  params: SqlParams;
}

/**
 * The resolved flows matching a filter. `cap` bounds how many of the window's newest candidate
 * flows are resolved (the rest are not looked at); ordering of the result is left to the caller.
 */
export function resolvedFlows(f: FlowFilter, cap: number, opts: { countCandidates?: boolean } = {}, params = new SqlParams()): ResolvedFlowsSql {
  const from = params.add(new Date(f.fromMs));
  const to = params.add(new Date(f.toMs));
  const cluster = params.add(f.clusterId);
  const where = [`f.start_time >= ${from}`, `f.start_time < ${to}`, `(${cluster}::int IS NULL OR f.cluster_id = ${cluster})`];
  if (f.verdict) where.push(`f.verdict = ${params.add(f.verdict)}`);
  if (f.port !== undefined) {
    const port = params.add(f.port);
    where.push(`(f.dst_port = ${port} OR f.src_port = ${port})`);
  }
  if (f.beforeUs !== undefined) where.push(`f.start_time <= 'epoch'::timestamptz + ${params.add(f.beforeUs)}::bigint * interval '1 microsecond'`);
  for (const name of [f.client, f.server, f.either]) if (name !== undefined) where.push(candidate(params, name, from, to, cluster));

  // Is the record an answer? The SQL form of the collector's isAnswer (collectors/processors/
  // flow-direction.ts explains the evidence), minus its learned listening sockets: the source's
  // reply marker; Hubble marks every reply, Lattice logs requests only; a VPC record's handshake
  // flags (SYN alone: request, SYN-ACK: answer); else its ports (a low port answering a high one).
  const reply = `(COALESCE(c.attributes->'isReply' = 'true'::jsonb, false)
      OR (c.source_kind = 'aws-vpc-flow' AND c.src_port IS NOT NULL AND c.dst_port IS NOT NULL AND CASE
            WHEN c.protocol = 6 AND (c.tcp_flags & 18) = 2 THEN false
            WHEN c.protocol = 6 AND (c.tcp_flags & 18) = 18 THEN true
            ELSE c.src_port < c.dst_port AND ((c.src_port < 32768 AND c.dst_port >= 32768) OR (c.src_port < 1024 AND c.dst_port >= 1024))
          END))`;
  const mapped = `SELECT a.id, a.cluster_id, a.address, ${mapName("a")} AS name, a.service, a.namespace, a.valid_from, a.valid_to
      FROM address_map a
     WHERE a.valid_to >= ${from}::timestamptz - ${GRACE} AND a.valid_from <= ${to}::timestamptz + ${GRACE}
       AND (a.cluster_id, a.address) IN (SELECT cluster_id, src_addr FROM c UNION SELECT cluster_id, dst_addr FROM c)`;
  const srcName = `COALESCE(src_map.name, ${ownName("src", "c")}, c.src_addr)`;
  const dstName = `COALESCE(dst_map.name, ${ownName("dst", "c")}, c.dst_addr)`;
  const outer: string[] = [];
  const side = (who: "client" | "server", name: string) => {
    const n = params.add(name);
    const addr = who === "client" ? `CASE WHEN r.reply THEN r.dst_addr ELSE r.src_addr END` : `CASE WHEN r.reply THEN r.src_addr ELSE r.dst_addr END`;
    return `(r.${who}_name = ${n} OR ${addr} = ${n})`;
  };
  if (f.client !== undefined) outer.push(side("client", f.client));
  if (f.server !== undefined) outer.push(side("server", f.server));
  if (f.either !== undefined) {
    const n = params.add(f.either);
    outer.push(`(r.src_name = ${n} OR r.dst_name = ${n} OR r.src_addr = ${n} OR r.dst_addr = ${n})`);
  }
  // Counting is done after the cap (one flow past it tells "there were more"): a count over the
  // whole window forced a full sort of its wide rows where a top-N sort does (bench/README
  // "Network drilldowns"). rn numbers the newest first; the flow past the cap is left out below.
  const count = opts.countCandidates === true;
  const candidates = `SELECT x.*, row_number() OVER (ORDER BY x.start_time DESC) AS rn, ${count ? "COUNT(*) OVER ()" : "NULL::bigint"} AS candidates
      FROM (SELECT f.* FROM flows f WHERE ${where.join(" AND ")} ORDER BY f.start_time DESC LIMIT ${Math.floor(cap) + (count ? 1 : 0)}) x`;
  if (count) outer.push(`r.rn <= ${Math.floor(cap)}`);
  const sql = `SELECT * FROM (
      WITH c AS MATERIALIZED (${candidates}),
           m AS MATERIALIZED (${mapped})
      SELECT c.*, ${reply} AS reply, ${srcName} AS src_name, ${dstName} AS dst_name,
             CASE WHEN ${reply} THEN ${dstName} ELSE ${srcName} END AS client_name,
             CASE WHEN ${reply} THEN ${srcName} ELSE ${dstName} END AS server_name,
             src_map.service AS src_service, dst_map.service AS dst_service,
             COALESCE(src_map.namespace, c.src_namespace) AS src_ns, COALESCE(dst_map.namespace, c.dst_namespace) AS dst_ns
        FROM c
        LEFT JOIN (${holderOf("src")}) src_map ON src_map.rn = c.rn
        LEFT JOIN (${holderOf("dst")}) dst_map ON dst_map.rn = c.rn) r
    ${outer.length ? `WHERE ${outer.join(" AND ")}` : ""}`;
  return { sql, params };
}
