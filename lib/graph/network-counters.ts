// The counters of network_edge_minutes that every network read sums (the network layer, the
// combined layer, the edge panel's network beneath, the network panels): one list, so the SQL,
// the row parser and the sums in JS cannot drift apart.
import { z } from "zod";

export const NETWORK_COUNTERS = ["flows", "bytes", "packets", "rejects", "drops", "retransmits", "l7_errors"] as const;
export type NetworkCounters = Record<(typeof NETWORK_COUNTERS)[number], number>;

const num = z.coerce.number();
/** The summed counters of a row, parsed (SUM of bigint arrives as a string from pg). */
export const networkCountersShape = Object.fromEntries(NETWORK_COUNTERS.map((c) => [c, num])) as Record<(typeof NETWORK_COUNTERS)[number], typeof num>;

/** `SUM(t.flows) AS flows, …` for every counter; `alias` names the network_edge_minutes row (a fixed identifier, never input). */
export function networkSumsSql(alias?: string): string {
  if (alias !== undefined && !/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not an alias: ${alias}`);
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return NETWORK_COUNTERS.map((c) => `SUM(${col(c)}) AS ${c}`).join(", ");
}

export const zeroCounters = (): NetworkCounters => Object.fromEntries(NETWORK_COUNTERS.map((c) => [c, 0])) as NetworkCounters;

/** Adds one row's counters into another's. */
export function addCounters(into: NetworkCounters, r: NetworkCounters): void {
  for (const c of NETWORK_COUNTERS) into[c] += r[c];
}
