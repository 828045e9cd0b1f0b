// The drilldown panel's frame: heading, close button, and the loading / error states every panel
// shares, so each panel only renders its data.
import type { ReactNode } from "react";

interface Props {
  title: string;
  label: string;
  onClose(): void;
  loading: boolean;
  error: Error | null;
  children?: ReactNode;
}

export function PanelFrame({ title, label, onClose, loading, error, children }: Props) {
  return (
    <aside className="panel" aria-label={label}>
      <header className="panel-header">
        <h2>{title}</h2>
        <button type="button" onClick={onClose} aria-label="Close panel">
          ×
        </button>
      </header>
      {loading && <p role="status">Loading…</p>}
      {error && (
        <p role="alert" className="panel-error">
          Could not load: {error.message}
        </p>
      )}
      {children}
    </aside>
  );
}
