// Diffs the elements on the canvas against the next set by stable id (STYLE.md 11): what to
// remove, what to add, whose data changed, which nodes changed compound parent (grouping turned
// on or off: cytoscape moves those with node.move, data() cannot change a parent). Topology
// changed when any id came or went; a refresh that only changes metrics yields updates alone and
// must never move a node.
import type { ElementDef } from "./elements";

export interface ElementPatch {
  add: ElementDef[];
  remove: string[];
  update: { id: string; data: Record<string, unknown> }[];
  move: { id: string; parent: string | null }[];
  topologyChanged: boolean;
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(b).filter((k) => k !== "parent");
  if (keys.length !== Object.keys(a).filter((k) => k !== "parent").length) return false;
  return keys.every((k) => a[k] === b[k]);
}

/** current: id → data of every element on the canvas now. */
export function diffElements(current: ReadonlyMap<string, Record<string, unknown>>, next: readonly ElementDef[]): ElementPatch {
  const nextIds = new Set(next.map((e) => e.data.id));
  const remove = [...current.keys()].filter((id) => !nextIds.has(id));
  const add: ElementDef[] = [];
  const update: ElementPatch["update"] = [];
  const move: ElementPatch["move"] = [];
  for (const e of next) {
    const before = current.get(e.data.id);
    if (!before) {
      add.push(e);
      continue;
    }
    if (e.group === "nodes" && (before.parent ?? null) !== (e.data.parent ?? null)) move.push({ id: e.data.id, parent: (e.data.parent as string | undefined) ?? null });
    if (!sameData(before, e.data)) {
      const { parent: _parent, ...data } = e.data;
      update.push({ id: e.data.id, data });
    }
  }
  // Nodes before edges, so an added edge always finds its endpoints (and parents before children,
  // as toElements ordered them; the sort is stable).
  add.sort((a, b) => (a.group === b.group ? 0 : a.group === "nodes" ? -1 : 1));
  return { add, remove, update, move, topologyChanged: add.length > 0 || remove.length > 0 || move.length > 0 };
}
