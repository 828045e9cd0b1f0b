// A force-directed layout for large flat graphs (pure, deterministic). cytoscape's `cose` costs
// about 7 ms per iteration at 300 nodes and 1,500 edges on this machine (1,000 iterations: 7 s of
// blocked main thread, measured in bench:ui); this is plain Fruchterman–Reingold over typed arrays
// (all pairs, which at a few hundred nodes is cheaper than any spatial index), followed by a pass
// that pushes overlapping boxes apart, so labels do not land on each other. It starts from the
// positions it is given (the canvas seeds a circle), so the same elements always give the same
// picture.
import type { LayoutEdge, Point } from "./compound-layout";

export interface ForceNode {
  id: string;
  /** size including the label */
  width: number;
  height: number;
  /** the starting position; nodes without one start on a circle */
  x?: number;
  y?: number;
}

export interface ForceOptions {
  /** preferred gap between connected boxes (their edges, not centres) */
  edgeLength?: number;
  iterations?: number;
  /** space kept between boxes by the overlap pass */
  padding?: number;
}

export function forceLayout(nodes: readonly ForceNode[], edges: readonly LayoutEdge[], options: ForceOptions = {}): Map<string, Point> {
  const n = nodes.length;
  const out = new Map<string, Point>();
  if (n === 0) return out;
  const gap = options.edgeLength ?? 90;
  const iterations = options.iterations ?? 300;
  const padding = options.padding ?? 12;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const w = Float64Array.from(nodes, (node) => node.width);
  const h = Float64Array.from(nodes, (node) => node.height);
  const meanSize = nodes.reduce((a, node) => a + Math.max(node.width, node.height), 0) / n;
  const k = gap + meanSize; // ideal centre distance of two connected nodes
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const radius = (k * Math.sqrt(n)) / 2;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / n;
    x[i] = node.x ?? radius * Math.cos(angle);
    y[i] = node.y ?? radius * Math.sin(angle);
  });
  // Centre the seed, so gravity pulls towards the drawing's middle.
  const cx0 = x.reduce((a, v) => a + v, 0) / n;
  const cy0 = y.reduce((a, v) => a + v, 0) / n;
  for (let i = 0; i < n; i++) {
    x[i] -= cx0;
    y[i] -= cy0;
  }
  const links: number[] = [];
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined && s !== t) links.push(s, t);
  }
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const k2 = k * k;
  // Gravity keeps disconnected parts from drifting off: weak, linear in the distance.
  const gravity = 1 / Math.sqrt(n);
  let temperature = radius / 4;
  const cooling = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const yi = y[i];
      for (let j = i + 1; j < n; j++) {
        let ddx = xi - x[j];
        let ddy = yi - y[j];
        let d2 = ddx * ddx + ddy * ddy;
        if (d2 < 0.01) {
          // Coincident: separate them deterministically.
          ddx = 0.1 * ((i % 7) - 3 || 1);
          ddy = 0.1 * ((j % 5) - 2 || 1);
          d2 = ddx * ddx + ddy * ddy;
        }
        const f = k2 / d2; // k²/d along the unit vector (ddx/d): k²·ddx/d²
        dx[i] += ddx * f;
        dy[i] += ddy * f;
        dx[j] -= ddx * f;
        dy[j] -= ddy * f;
      }
    }
    for (let l = 0; l < links.length; l += 2) {
      const s = links[l];
      const t = links[l + 1];
      const ddx = x[s] - x[t];
      const ddy = y[s] - y[t];
      const d = Math.sqrt(ddx * ddx + ddy * ddy) || 0.01;
      const f = d / k; // d²/k along the unit vector: d·ddx/k
      dx[s] -= ddx * f;
      dy[s] -= ddy * f;
      dx[t] += ddx * f;
      dy[t] += ddy * f;
    }
    for (let i = 0; i < n; i++) {
      const fx = dx[i] - x[i] * gravity;
      const fy = dy[i] - y[i] * gravity;
      const len = Math.sqrt(fx * fx + fy * fy);
      if (len > 0) {
        const step = Math.min(len, temperature);
        x[i] += (fx / len) * step;
        y[i] += (fy / len) * step;
      }
    }
    temperature -= cooling;
  }
  removeOverlaps(x, y, w, h, padding);
  nodes.forEach((node, i) => out.set(node.id, { x: x[i], y: y[i] }));
  return out;
}

/** Pushes overlapping boxes apart along the axis where they overlap least (a few sweeps). */
function removeOverlaps(x: Float64Array, y: Float64Array, w: Float64Array, h: Float64Array, padding: number) {
  const n = x.length;
  for (let sweep = 0; sweep < 50; sweep++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const ox = (w[i] + w[j]) / 2 + padding - Math.abs(x[i] - x[j]);
        const oy = (h[i] + h[j]) / 2 + padding - Math.abs(y[i] - y[j]);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (ox < oy) {
          const push = (ox / 2) * (x[i] < x[j] || (x[i] === x[j] && i < j) ? -1 : 1);
          x[i] += push;
          x[j] -= push;
        } else {
          const push = (oy / 2) * (y[i] < y[j] || (y[i] === y[j] && i < j) ? -1 : 1);
          y[i] += push;
          y[j] -= push;
        }
      }
    }
    if (!moved) return;
  }
}
