// Diffs the elements on the canvas against the next set by stable id (STYLE.md 11): what to
// remove, what to add, whose data changed. Topology changed when any id came or went; a refresh
// that only changes metrics yields updates alone and must never move a node.
import type { ElementDef } from "./elements";

export interface ElementPatch {
  add: ElementDef[];
  remove: string[];
  update: { id: string; data: Record<string, unknown> }[];
  topologyChanged: boolean;
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(b);
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((k) => a[k] === b[k]);
}

/** current: id → data of every element on the canvas now. */
export function diffElements(current: ReadonlyMap<string, Record<string, unknown>>, next: readonly ElementDef[]): ElementPatch {
  const nextIds = new Set(next.map((e) => e.data.id));
  const remove = [...current.keys()].filter((id) => !nextIds.has(id));
  const add: ElementDef[] = [];
  const update: ElementPatch["update"] = [];
  for (const e of next) {
    const before = current.get(e.data.id);
    if (!before) add.push(e);
    else if (!sameData(before, e.data)) update.push({ id: e.data.id, data: e.data });
  }
  // Nodes before edges, so an added edge always finds its endpoints.
  add.sort((a, b) => (a.group === b.group ? 0 : a.group === "nodes" ? -1 : 1));
  return { add, remove, update, topologyChanged: add.length > 0 || remove.length > 0 };
}
