"use client";
// Collapse or expand each group (cluster or namespace) from the keyboard: one toggle button per
// group (aria-expanded says its state), inside a disclosure so a graph of many namespaces does not
// flood the filter bar. The canvas toggles groups by mouse (click a collapsed group, double-click
// a frame); either way the change lands in the URL and is announced in a polite live region
// (outside the disclosure, which may be closed).
import { useState } from "react";
import type { Grouping } from "./view-state";

interface Props {
  grouping: Exclude<Grouping, "none">;
  /** group ids of the current graph ("group:namespace:shop") */
  groups: readonly string[];
  collapsed: readonly string[];
  onToggle(id: string): void;
}

/** "group:namespace:shop" → "shop" (keys may themselves hold colons). */
export const groupName = (id: string) => id.split(":").slice(2).join(":");

/** What to announce when the collapsed set changed by one group; "" otherwise. */
export function toggleAnnouncement(grouping: string, before: readonly string[], after: readonly string[]): string {
  const folded = after.filter((id) => !before.includes(id));
  const opened = before.filter((id) => !after.includes(id));
  if (folded.length + opened.length !== 1) return "";
  return folded.length === 1 ? `${grouping} ${groupName(folded[0])} collapsed` : `${grouping} ${groupName(opened[0])} expanded`;
}

export function GroupToggles({ grouping, groups, collapsed, onToggle }: Props) {
  // Derived from the URL's collapsed list as it changes (React's "previous props in state").
  const [seen, setSeen] = useState({ collapsed, announcement: "" });
  if (seen.collapsed !== collapsed) {
    const said = toggleAnnouncement(grouping, seen.collapsed, collapsed);
    setSeen({ collapsed, announcement: said || seen.announcement });
  }
  const folded = collapsed.filter((c) => groups.includes(c)).length;
  return (
    <>
      <details className="group-toggles">
        <summary>Groups ({groups.length}, {folded} collapsed)</summary>
        <ul aria-label={`${grouping} groups`}>
          {groups.map((id) => {
            const isCollapsed = collapsed.includes(id);
            return (
              <li key={id}>
                <button type="button" aria-expanded={!isCollapsed} title={isCollapsed ? "expand this group" : "collapse this group"} onClick={() => onToggle(id)}>
                  <span aria-hidden="true">{isCollapsed ? "▸" : "▾"}</span> {groupName(id)}
                </button>
              </li>
            );
          })}
        </ul>
      </details>
      <p role="status" aria-live="polite" className="visually-hidden" data-testid="group-announcement">{seen.announcement}</p>
    </>
  );
}
