"use client";
// The view state hook: reads the URL, writes changes back with history.replaceState (Next.js
// keeps useSearchParams in step with it, and no server round trip happens).
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { decodeView, encodeView, type ViewState } from "./view-state";

export function useViewState(): [ViewState, (change: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const view = useMemo(() => decodeView(params), [params]);
  const update = useCallback(
    (change: Partial<ViewState>) => {
      const next = encodeView({ ...decodeView(new URLSearchParams(window.location.search)), ...change });
      window.history.replaceState(null, "", next ? `?${next}` : window.location.pathname);
    },
    [],
  );
  return [view, update];
}
