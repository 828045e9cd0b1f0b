// Keyboard moves in the waterfall tree, as a pure function of the visible rows (WAI-ARIA tree
// pattern): ↑/↓ move, Home/End jump, → expands a collapsed span or steps to its first child,
// ← collapses an expanded span or steps to its parent.
import type { WaterfallRow } from "./waterfall-layout";

export type TreeAction =
  | { type: "select"; spanId: string }
  | { type: "collapse"; spanId: string }
  | { type: "expand"; spanId: string }
  | null;

export function treeKeyAction(key: string, visible: readonly WaterfallRow[], activeId: string | null, collapsed: ReadonlySet<string>): TreeAction {
  if (visible.length === 0) return null;
  const index = activeId === null ? -1 : visible.findIndex((r) => r.span.spanId === activeId);
  const at = (i: number): TreeAction => ({ type: "select", spanId: visible[Math.max(0, Math.min(visible.length - 1, i))].span.spanId });
  if (index < 0) return key === "End" ? at(visible.length - 1) : ["ArrowDown", "ArrowUp", "Home", "ArrowRight", "ArrowLeft"].includes(key) ? at(0) : null;
  const row = visible[index];
  switch (key) {
    case "ArrowDown": return index < visible.length - 1 ? at(index + 1) : null;
    case "ArrowUp": return index > 0 ? at(index - 1) : null;
    case "Home": return at(0);
    case "End": return at(visible.length - 1);
    case "PageDown": return at(index + 20);
    case "PageUp": return at(index - 20);
    case "ArrowRight":
      if (row.childCount === 0) return null;
      return collapsed.has(row.span.spanId) ? { type: "expand", spanId: row.span.spanId } : at(index + 1);
    case "ArrowLeft":
      if (row.childCount > 0 && !collapsed.has(row.span.spanId)) return { type: "collapse", spanId: row.span.spanId };
      return row.parentId ? { type: "select", spanId: row.parentId } : null;
    default: return null;
  }
}
