"use client";
// The drilldown panel's frame: heading, close button, and the loading / error states every panel
// shares, so each panel only renders its data. Keyboard: focus moves to the heading when a panel
// opens (or shows another element), Escape closes it from anywhere but a form field, and focus
// goes back where it was before the panel opened.
import { useEffect, useRef, type ReactNode } from "react";

interface Props {
  title: string;
  label: string;
  onClose(): void;
  loading: boolean;
  error: Error | null;
  /** offered with the error: fetch again */
  onRetry?(): void;
  children?: ReactNode;
}

const FORM_FIELD = "input, select, textarea, [contenteditable='true']";

export function PanelFrame({ title, label, onClose, loading, error, onRetry, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const before = document.activeElement;
    heading.current?.focus();
    return () => {
      // Back to where the user was (an edge-table button, a row) if it is still on the page.
      if (before instanceof HTMLElement && before !== document.body && before.isConnected) before.focus();
    };
  }, [label]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      if (e.target instanceof Element && e.target.closest(FORM_FIELD)) return;
      e.preventDefault();
      close.current();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  return (
    <aside className="panel" aria-label={label} aria-busy={loading}>
      <header className="panel-header">
        <h2 ref={heading} tabIndex={-1}>{title}</h2>
        <button type="button" onClick={onClose} aria-label="Close panel" title="Close (Esc)">
          ×
        </button>
      </header>
      {loading && <p role="status" className="panel-loading">Loading…</p>}
      {error && <LoadError what="this panel" error={error} onRetry={onRetry} />}
      {children}
    </aside>
  );
}

/** An error in a panel or one of its sections: what failed, the server's message, and a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: Error; onRetry?(): void }) {
  return (
    <div role="alert" className="panel-error">
      <p>Could not load {what}: {error.message}</p>
      {onRetry && <button type="button" onClick={onRetry}>Retry</button>}
    </div>
  );
}
