// Diffs the elements on the canvas against the next set by stable id (STYLE.md 11): what to
// remove, what to add, whose data changed, which nodes changed compound parent (grouping turned
// on or off: cytoscape moves those with node.move, data() cannot change a parent). Topology
// changed when any id came or went; a refresh that only changes metrics yields updates alone and
// must never move a node. A label change may wait (`deferLabel`: the canvas writes labels only
// where they are drawn, lazy-labels.ts): it is left out of the update, which is dropped when
// nothing else changed. An optional field that disappears (a trend, a
// compare status) is updated to undefined: cytoscape's data() merges, it never drops a field.
import type { ElementDef } from "./elements";

export interface ElementPatch {
  add: ElementDef[];
  remove: string[];
  update: { id: string; data: Record<string, unknown> }[];
  move: { id: string; parent: string | null }[];
  topologyChanged: boolean;
}

/** The fields whose value differs (parent aside: that is a move); a missing field counts as undefined. */
function changedFields(before: Record<string, unknown>, next: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const k in next) if (k !== "parent" && before[k] !== next[k]) changed.push(k);
  for (const k in before) if (k !== "parent" && !(k in next) && before[k] !== undefined) changed.push(k);
  return changed;
}

/**
 * current: id → data of every element on the canvas now. deferLabel(id): whether a change of
 * that element's label may be left out of the patch (called only when the label changed).
 */
export function diffElements(
  current: ReadonlyMap<string, Record<string, unknown>>,
  next: readonly ElementDef[],
  deferLabel?: (id: string) => boolean,
): ElementPatch {
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
    let changed = changedFields(before, e.data);
    if (changed.includes("label") && deferLabel?.(e.data.id)) changed = changed.filter((k) => k !== "label");
    if (changed.length === 0) continue;
    // Only what changed: cytoscape merges, and an unchanged label left alone is not re-measured.
    const data: Record<string, unknown> = {};
    for (const k of changed) data[k] = (e.data as Record<string, unknown>)[k];
    update.push({ id: e.data.id, data });
  }
  // Nodes before edges, so an added edge always finds its endpoints (and parents before children,
  // as toElements ordered them; the sort is stable).
  add.sort((a, b) => (a.group === b.group ? 0 : a.group === "nodes" ? -1 : 1));
  return { add, remove, update, move, topologyChanged: add.length > 0 || remove.length > 0 || move.length > 0 };
}
