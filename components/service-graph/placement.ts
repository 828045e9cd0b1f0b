// Where a node that appears in a live refresh goes: beside its already-placed neighbours, so the
// rest of the graph stays where the user left it (no full re-layout for one new service).

export interface Point {
  x: number;
  y: number;
}

const OFFSET = 110; // about two node widths: clear of the neighbour and its label

/**
 * neighbours: positions of the new node's placed neighbours; taken: every placed node;
 * the result is the neighbours' centre pushed out by OFFSET, turned until it is clear of others.
 */
export function placeNear(neighbours: readonly Point[], taken: readonly Point[]): Point {
  if (neighbours.length === 0) {
    if (taken.length === 0) return { x: 0, y: 0 };
    const maxX = Math.max(...taken.map((p) => p.x));
    const minY = Math.min(...taken.map((p) => p.y));
    return { x: maxX + OFFSET, y: minY };
  }
  const cx = neighbours.reduce((a, p) => a + p.x, 0) / neighbours.length;
  const cy = neighbours.reduce((a, p) => a + p.y, 0) / neighbours.length;
  for (let step = 0; step < 12; step++) {
    const angle = (step * Math.PI) / 6;
    const candidate = { x: cx + OFFSET * Math.cos(angle), y: cy + OFFSET * Math.sin(angle) };
    if (taken.every((p) => Math.hypot(p.x - candidate.x, p.y - candidate.y) >= OFFSET * 0.6)) return candidate;
  }
  return { x: cx + OFFSET * 1.5, y: cy + OFFSET * 1.5 };
}

/**
 * Factors that give a drawing the canvas's aspect ratio at the same area (x × sx, y × sy).
 * A force layout comes out roughly round; on a wide canvas the fit is then limited by the
 * height and everything is drawn small. Spreading x and squeezing y by the same factor lets the
 * fit zoom in, so labels stay legible. Capped, so a tall graph is never squashed flat.
 */
export function aspectFactors(points: readonly Point[], canvasWidth: number, canvasHeight: number, cap = 1.8): { sx: number; sy: number } {
  if (points.length < 3 || canvasWidth <= 0 || canvasHeight <= 0) return { sx: 1, sy: 1 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const w = Math.max(...xs) - Math.min(...xs);
  const h = Math.max(...ys) - Math.min(...ys);
  if (w <= 0 || h <= 0) return { sx: 1, sy: 1 };
  const f = Math.min(cap, Math.max(1 / cap, Math.sqrt(canvasWidth / canvasHeight / (w / h))));
  return { sx: f, sy: 1 / f };
}
