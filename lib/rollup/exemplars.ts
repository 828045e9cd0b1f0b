// Exemplar trace ids for an edge minute: up to EXEMPLAR_LIMIT, failed calls first, then the
// slowest. Those are the traces an on-call engineer opens from an edge.
import { EXEMPLAR_LIMIT } from "@/lib/contracts/rollup";
import { HEX32 } from "@/lib/contracts/span";

interface Candidate {
  traceId: string;
  failed: boolean;
  durationUs: number;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.failed !== b.failed) return a.failed;
  return a.durationUs > b.durationUs;
}

export class ExemplarPicker {
  private readonly picked: Candidate[] = [];

  constructor(private readonly limit = EXEMPLAR_LIMIT) {}

  offer(traceId: string, failed: boolean, durationUs: number): void {
    const picked = this.picked;
    // Most offers lose to a full list: decided before anything is allocated (one offer per call).
    if (picked.length >= this.limit) {
      const last = picked[picked.length - 1];
      if (last.failed && !failed) return;
      if (last.failed === failed && durationUs <= last.durationUs) return;
    }
    if (!HEX32.test(traceId)) return; // the contract only accepts 32-hex ids
    const candidate = { traceId, failed, durationUs };
    const i = this.picked.findIndex((c) => c.traceId === traceId);
    if (i >= 0) {
      if (better(candidate, this.picked[i])) this.picked[i] = candidate;
    } else if (this.picked.length < this.limit) {
      this.picked.push(candidate);
    } else if (better(candidate, this.picked[this.picked.length - 1])) {
      this.picked[this.picked.length - 1] = candidate;
    } else {
      return;
    }
    this.picked.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  }

  traceIds(): string[] {
    return this.picked.map((c) => c.traceId);
  }
}

/**
 * Exemplars of rows merged from different producers, deduplicated and capped. The rows carry no
 * error flags any more, so each list's own order (errors first, then slowest) is kept by taking
 * their heads in turn: the best of every list survives the cap.
 */
export function mergeExemplars(...lists: string[][]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const id = list[i];
      if (id === undefined || out.includes(id)) continue;
      out.push(id);
      if (out.length >= EXEMPLAR_LIMIT) return out;
    }
  }
  return out;
}
