"use client";
// The graph's filters and grouping: search (dims what does not match), only errors, grouping
// with collapse/expand of every group or of each one (group-toggles.tsx), cluster and namespace pickers, focus with hops, and the
// user's hidden nodes (hide the selected one; each hidden node is a chip that brings it back).
// Everything writes the URL through onChange, so a link carries it.
import { useState } from "react";
import type { Graph } from "@/lib/contracts/graph";
import { probeLikeNodes } from "@/lib/diagram/graph-filters";
import { GroupToggles } from "./group-toggles";
import { GROUPINGS, MAX_HOPS, type Grouping, type ViewState } from "./view-state";

interface Props {
  view: ViewState;
  graph: Graph | undefined;
  /** group ids of the current graph under the chosen grouping */
  groups: string[];
  onChange(change: Partial<ViewState>): void;
  /** collapse or expand one group */
  onToggleGroup(id: string): void;
}

const GROUPING_LABELS: Record<Grouping, string> = { none: "No grouping", cluster: "By cluster", namespace: "By namespace" };

export function FilterBar({ view, graph, groups, onChange, onToggleGroup }: Props) {
  // The search box writes the URL on every keystroke; the local copy keeps typing smooth.
  const [search, setSearch] = useState(view.search);
  // The URL reaches useSearchParams in a transition, later than the click; a checkbox controlled
  // by the URL alone snaps back until then (and a click in between is lost). The local copy
  // follows the URL whenever the URL changes.
  const [errorsOnly, setErrorsOnly] = useState({ url: view.errorsOnly, checked: view.errorsOnly });
  if (errorsOnly.url !== view.errorsOnly) setErrorsOnly({ url: view.errorsOnly, checked: view.errorsOnly });
  const names = new Map(graph?.nodes.map((n) => [n.id, n.service ? `${n.service} ${n.name}` : n.name]) ?? []);
  const selectedNode = view.selected && graph?.nodes.some((n) => n.id === view.selected) ? view.selected : null;
  const clusters = graph?.clusters ?? [];
  const probes = graph ? probeLikeNodes(graph).filter((id) => !view.hidden.includes(id)) : [];
  const namespaces = [...new Set([...(graph?.namespaces ?? []), ...(view.namespace ? [view.namespace] : [])])];

  return (
    <div className="filter-bar" role="group" aria-label="graph filters">
      <label>
        Search{" "}
        <input
          type="search"
          value={search}
          placeholder="name…"
          onChange={(e) => {
            setSearch(e.target.value);
            onChange({ search: e.target.value });
          }}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={errorsOnly.checked}
          onChange={(e) => {
            setErrorsOnly({ url: view.errorsOnly, checked: e.target.checked });
            onChange({ errorsOnly: e.target.checked });
          }}
        /> Only errors
      </label>
      <label>
        Group{" "}
        <select value={view.grouping} onChange={(e) => onChange({ grouping: e.target.value as Grouping, collapsed: [] })}>
          {GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {GROUPING_LABELS[g]}
            </option>
          ))}
        </select>
      </label>
      {view.grouping !== "none" && (
        <>
          <button type="button" onClick={() => onChange({ collapsed: groups })} disabled={groups.length === 0}>
            Collapse all
          </button>
          <button type="button" onClick={() => onChange({ collapsed: [] })} disabled={view.collapsed.length === 0}>
            Expand all
          </button>
          <GroupToggles grouping={view.grouping} groups={groups} collapsed={view.collapsed} onToggle={onToggleGroup} />
        </>
      )}
      <label>
        Cluster{" "}
        <select value={view.cluster ?? ""} onChange={(e) => onChange({ cluster: e.target.value || null, selected: null, panel: null })}>
          <option value="">All clusters</option>
          {[...new Set([...clusters, ...(view.cluster ? [view.cluster] : [])])].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Namespace{" "}
        <select value={view.namespace ?? ""} onChange={(e) => onChange({ namespace: e.target.value || null })}>
          <option value="">All namespaces</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {view.focus ? (
        <span className="filter-focus">
          Focus: <strong>{names.get(view.focus) ?? view.focus}</strong>{" "}
          <label>
            Hops{" "}
            <select value={view.hops} onChange={(e) => onChange({ hops: Number(e.target.value) })}>
              {Array.from({ length: MAX_HOPS }, (_, i) => i + 1).map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="button" onClick={() => onChange({ focus: null })}>
            Clear focus
          </button>
        </span>
      ) : (
        <button type="button" disabled={!selectedNode} onClick={() => onChange({ focus: selectedNode })} title="narrow the graph to the selected node and its neighbours">
          Focus on selection
        </button>
      )}
      <button
        type="button"
        disabled={!selectedNode}
        onClick={() => selectedNode && onChange({ hidden: [...view.hidden, selectedNode], selected: null, panel: null })}
        title="hide the selected node (probes, scrapers …); it stays hidden in the link"
      >
        Hide selection
      </button>
      {probes.length > 0 && (
        <button type="button" onClick={() => onChange({ hidden: [...view.hidden, ...probes] })} title={probes.map((id) => names.get(id) ?? id).join(", ")}>
          Hide probes and scrapers ({probes.length})
        </button>
      )}
      {view.hidden.length > 0 && (
        <ul className="hidden-chips" aria-label="hidden nodes">
          {view.hidden.map((id) => (
            <li key={id}>
              <button type="button" onClick={() => onChange({ hidden: view.hidden.filter((h) => h !== id) })} aria-label={`show ${names.get(id) ?? id} again`}>
                {names.get(id) ?? id} ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
