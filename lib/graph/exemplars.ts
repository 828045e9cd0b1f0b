// Which exemplar traces an edge shows: of its minutes' exemplars, the five whose minute had the
// most errors, the newest first among equals (a deterministic choice, so every read agrees).

/** One exemplar trace id and what ranks it: the errors of its row, then the newest minute. */
export interface ExemplarCandidate {
  id: string;
  errors: number;
  minuteMs: number;
}
const EXEMPLARS = 5;

/** Most errors first, then the newest minute, then the id: the same five on every read. */
const ranksBefore = (a: ExemplarCandidate, b: ExemplarCandidate) =>
  a.errors !== b.errors ? a.errors > b.errors : a.minuteMs !== b.minuteMs ? a.minuteMs > b.minuteMs : a.id < b.id;

/** Keeps the best EXEMPLARS candidates in `top`, sorted, by insertion (a handful per edge). */
export function offerExemplar(top: ExemplarCandidate[], c: ExemplarCandidate): void {
  if (top.length === EXEMPLARS && !ranksBefore(c, top[EXEMPLARS - 1])) return;
  let i = top.length;
  while (i > 0 && ranksBefore(c, top[i - 1])) i--;
  top.splice(i, 0, c);
  if (top.length > EXEMPLARS) top.pop();
}

