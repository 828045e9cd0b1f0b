// A layout that keeps compound nodes apart (pure; the force layout itself is passed in).
// cose on a graph of compounds lets groups and services-with-operations overlap, because it
// moves children, not boxes. So the layout works bottom-up: the inside of every compound is
// laid out first (its size is then known), and each level is laid out as flat boxes of those
// sizes, with edges lifted to the level (an edge between members of two groups pulls the two
// groups together). Children without edges among them (operations of a service) are stacked in
// columns, which reads as a list. Positions are centres, as cytoscape wants them.

export interface Point {
  x: number;
  y: number;
}

export interface LayoutNode {
  id: string;
  parent?: string;
  /** size including its label; ignored for compounds (computed from their children) */
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

/** Lays out boxes (no compounds) and returns their centres. */
export type FlatLayout = (nodes: readonly { id: string; width: number; height: number }[], edges: readonly LayoutEdge[]) => Map<string, Point>;

export const COMPOUND_PADDING = 18;
/** room above a compound's children for its own label */
export const COMPOUND_LABEL_SPACE = 26;
const STACK_ROWS = 8;
const STACK_GAP = 8;

/** Columns of at most STACK_ROWS, top to bottom then left to right. */
export function stack(nodes: readonly { id: string; width: number; height: number }[]): Map<string, Point> {
  const out = new Map<string, Point>();
  const columns = Math.ceil(nodes.length / STACK_ROWS);
  let x = 0;
  for (let c = 0; c < columns; c++) {
    const column = nodes.slice(c * STACK_ROWS, (c + 1) * STACK_ROWS);
    const width = Math.max(...column.map((n) => n.width));
    let y = 0;
    for (const n of column) {
      out.set(n.id, { x: x + n.width / 2, y: y + n.height / 2 });
      y += n.height + STACK_GAP;
    }
    x += width + STACK_GAP * 2;
  }
  return out;
}

export function compoundLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], flat: FlatLayout): Map<string, Point> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string | undefined, LayoutNode[]>();
  for (const n of nodes) {
    const parent = n.parent && byId.has(n.parent) ? n.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const parentOf = (id: string) => {
    const p = byId.get(id)?.parent;
    return p && byId.has(p) ? p : undefined;
  };
  /** The ancestor-or-self of id that sits directly in `level`; undefined when id is outside it. */
  const lift = (id: string, level: string | undefined): string | undefined => {
    let cur: string | undefined = id;
    while (cur !== undefined && parentOf(cur) !== level) cur = parentOf(cur);
    return cur;
  };

  // Returns positions relative to the level's own centre, and the level's content size.
  const layoutLevel = (level: string | undefined): { positions: Map<string, Point>; width: number; height: number } => {
    const kids = children.get(level) ?? [];
    const boxes: { id: string; width: number; height: number }[] = [];
    const inner = new Map<string, Map<string, Point>>();
    for (const k of kids) {
      if (children.has(k.id)) {
        const r = layoutLevel(k.id);
        inner.set(k.id, r.positions);
        boxes.push({ id: k.id, width: r.width + 2 * COMPOUND_PADDING, height: r.height + 2 * COMPOUND_PADDING + COMPOUND_LABEL_SPACE });
      } else boxes.push({ id: k.id, width: k.width, height: k.height });
    }
    const lifted = new Map<string, LayoutEdge>();
    for (const e of edges) {
      const source = lift(e.source, level);
      const target = lift(e.target, level);
      if (source && target && source !== target) lifted.set(`${source}\u0000${target}`, { source, target });
    }
    const placed = lifted.size === 0 && inner.size === 0 ? stack(boxes) : boxes.length === 1 ? new Map([[boxes[0].id, { x: 0, y: 0 }]]) : flat(boxes, [...lifted.values()]);
    // Centre the level on (0, 0).
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const b of boxes) {
      const p = placed.get(b.id)!;
      minX = Math.min(minX, p.x - b.width / 2);
      maxX = Math.max(maxX, p.x + b.width / 2);
      minY = Math.min(minY, p.y - b.height / 2);
      maxY = Math.max(maxY, p.y + b.height / 2);
    }
    const cx = (minX + maxX) / 2;
    const cy = (minY + maxY) / 2;
    const positions = new Map<string, Point>();
    for (const b of boxes) {
      const p = placed.get(b.id)!;
      const at = { x: p.x - cx, y: p.y - cy };
      positions.set(b.id, at);
      // A compound's children sit below its label.
      for (const [id, q] of inner.get(b.id) ?? []) positions.set(id, { x: at.x + q.x, y: at.y + q.y + COMPOUND_LABEL_SPACE / 2 });
    }
    return { positions, width: boxes.length ? maxX - minX : 0, height: boxes.length ? maxY - minY : 0 };
  };
  return layoutLevel(undefined).positions;
}
