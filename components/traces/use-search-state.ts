"use client";
// The trace search state hook: reads the URL and pushes a new history entry per search, so Back
// returns to the previous search (unlike the graph view, which replaces its entry as it moves).
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { decodeSearch, encodeSearch, type TraceSearchState } from "./search-params";

export function useSearchState(): [TraceSearchState, (next: TraceSearchState) => void] {
  const params = useSearchParams();
  const search = useMemo(() => decodeSearch(params), [params]);
  const go = useCallback((next: TraceSearchState) => {
    const qs = encodeSearch(next);
    window.history.pushState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, []);
  return [search, go];
}
