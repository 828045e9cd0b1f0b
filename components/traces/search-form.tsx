"use client";
// The trace search filters. Edits stay local until the form is submitted, so typing a service
// name does not fire a search per key; submitting starts again at the first page.
import { useState, type FormEvent } from "react";
import { DEFAULT_SEARCH, SEARCH_RANGES, type TraceSearchState } from "./search-params";
import { fromLocalInput, toLocalInput } from "@/components/time/local-time";

const numberOrNull = (v: string) => (v.trim() === "" || !Number.isFinite(Number(v)) || Number(v) < 0 ? null : Number(v));

export function SearchForm({ search, services, onSearch }: { search: TraceSearchState; services: string[]; onSearch: (s: TraceSearchState) => void }) {
  const [draft, setDraft] = useState({
    service: search.service ?? "",
    operation: search.operation ?? "",
    minMs: search.minDurationMs?.toString() ?? "",
    maxMs: search.maxDurationMs?.toString() ?? "",
    errorsOnly: search.errorsOnly,
    mode: search.from !== null ? "absolute" : "relative",
    range: search.range ?? DEFAULT_SEARCH.range!,
    from: toLocalInput(search.from),
    to: toLocalInput(search.to),
    cluster: search.cluster ?? "",
  });
  const [problem, setProblem] = useState<string | null>(null);
  const set = (change: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...change }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const from = fromLocalInput(draft.from);
    const to = fromLocalInput(draft.to);
    if (draft.mode === "absolute" && !(from < to)) return setProblem("Choose a start before the end.");
    const minDurationMs = numberOrNull(draft.minMs);
    const maxDurationMs = numberOrNull(draft.maxMs);
    if (minDurationMs !== null && maxDurationMs !== null && minDurationMs > maxDurationMs) return setProblem("The minimum duration is above the maximum.");
    if (draft.operation.trim() && !draft.service.trim()) return setProblem("An operation needs a service.");
    setProblem(null);
    onSearch({
      ...search,
      service: draft.service.trim() || null,
      operation: draft.operation.trim() || null,
      minDurationMs,
      maxDurationMs,
      errorsOnly: draft.errorsOnly,
      range: draft.mode === "relative" ? draft.range : null,
      from: draft.mode === "absolute" ? from : null,
      to: draft.mode === "absolute" ? to : null,
      cluster: draft.cluster.trim() || null,
      offset: 0,
    });
  };

  return (
    <form className="trace-search-form" role="search" aria-label="trace search" onSubmit={submit}>
      <label>
        Service
        <input name="service" list="trace-search-services" value={draft.service} onChange={(e) => set({ service: e.target.value })} autoComplete="off" />
      </label>
      <datalist id="trace-search-services">
        {services.map((s) => <option key={s} value={s} />)}
      </datalist>
      <label>
        Operation
        <input name="operation" value={draft.operation} onChange={(e) => set({ operation: e.target.value })} placeholder={draft.service ? "any" : "pick a service first"} disabled={!draft.service.trim()} />
      </label>
      <label>
        Min duration (ms)
        <input name="minMs" type="number" min={0} step="any" inputMode="decimal" value={draft.minMs} onChange={(e) => set({ minMs: e.target.value })} />
      </label>
      <label>
        Max duration (ms)
        <input name="maxMs" type="number" min={0} step="any" inputMode="decimal" value={draft.maxMs} onChange={(e) => set({ maxMs: e.target.value })} />
      </label>
      <label className="trace-search-check">
        <input type="checkbox" name="errorsOnly" checked={draft.errorsOnly} onChange={(e) => set({ errorsOnly: e.target.checked })} />
        Errors only
      </label>
      <label>
        Time
        <select name="mode" value={draft.mode} onChange={(e) => set({ mode: e.target.value })}>
          <option value="relative">last…</option>
          <option value="absolute">between…</option>
        </select>
      </label>
      {draft.mode === "relative" ? (
        <label>
          Range
          <select name="range" value={draft.range} onChange={(e) => set({ range: e.target.value })}>
            {[...new Set([...SEARCH_RANGES, draft.range])].map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
      ) : (
        <>
          <label>
            From
            <input name="from" type="datetime-local" value={draft.from} onChange={(e) => set({ from: e.target.value })} required />
          </label>
          <label>
            To
            <input name="to" type="datetime-local" value={draft.to} onChange={(e) => set({ to: e.target.value })} required />
          </label>
        </>
      )}
      <label>
        Cluster
        <input name="cluster" value={draft.cluster} onChange={(e) => set({ cluster: e.target.value })} placeholder="all" />
      </label>
      <button type="submit">Search</button>
      {problem && <p role="alert" className="panel-error">{problem}</p>}
    </form>
  );
}
