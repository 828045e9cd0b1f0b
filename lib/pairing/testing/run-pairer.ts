// Test-only: feed spans through a SpanPairer and collect everything it emitted.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { SpanPairer } from "../span-pairer";
import type { EdgeObservation, PairerOptions, PairingOutcome, PairingResult } from "../types";

export interface PairerRun {
  /** edges emitted while spans were added (before any expiry) */
  onAdd: EdgeObservation[];
  /** edges emitted by the final flush (virtual nodes) */
  onFlush: EdgeObservation[];
  outcomes: PairingOutcome[];
}

export function runPairer(spans: NormalizedSpan[], options: Partial<PairerOptions> = {}, nowMs = 0): PairerRun {
  const pairer = new SpanPairer(options);
  const onAdd: EdgeObservation[] = [];
  const outcomes: PairingOutcome[] = [];
  const collect = (r: PairingResult, into: EdgeObservation[]) => {
    into.push(...r.edges);
    outcomes.push(...r.outcomes);
  };
  for (const span of spans) collect(pairer.add(span, nowMs), onAdd);
  const onFlush: EdgeObservation[] = [];
  collect(pairer.flush(), onFlush);
  return { onAdd, onFlush, outcomes };
}

/** "client → server (type)" strings, sorted: easy to compare whole edge sets. */
export function edgeLabels(edges: EdgeObservation[]): string[] {
  return edges.map((e) => `${e.client} → ${e.server} (${e.connectionType})`).sort();
}

export function countOutcomes(outcomes: PairingOutcome[]): Record<string, number> {
  const out: Record<string, number> = { paired: 0, virtual: 0, expired: 0, dropped: 0 };
  for (const o of outcomes) out[o.outcome]++;
  return out;
}
