// Status of the calls on an edge: a bar of the classes (2xx, 4xx, 5xx, gRPC codes, error/ok for
// protocols without codes) with counts in words, and the exact codes where spans stored them.
const CLASS_COLOUR: Record<string, string> = { "2xx": "var(--ok)", "3xx": "var(--ok)", ok: "var(--ok)", "grpc:0": "var(--ok)", "grpc:OK": "var(--ok)", "4xx": "var(--warn)" };
const colourOf = (cls: string) => CLASS_COLOUR[cls] ?? (cls === "1xx" ? "var(--muted)" : "var(--bad)");

export function StatusCodes({ classes, codes }: { classes: Record<string, number>; codes: Record<string, number> }) {
  const entries = Object.entries(classes).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return <p className="muted">No spans to classify in this window.</p>;
  const codeEntries = Object.entries(codes).sort(([, a], [, b]) => b - a);
  return (
    <>
      <div className="status-bar" aria-hidden="true">
        {entries.map(([cls, n]) => <span key={cls} style={{ width: `${(n / total) * 100}%`, background: colourOf(cls) }} title={`${cls}: ${n}`} />)}
      </div>
      <ul className="plain-list inline" aria-label="status classes">
        {entries.map(([cls, n]) => (
          <li key={cls}><span className="swatch" style={{ background: colourOf(cls) }} /> {cls}: {n}</li>
        ))}
      </ul>
      {codeEntries.length > 0 && (
        <ul className="plain-list inline" aria-label="status codes">
          {codeEntries.map(([code, n]) => <li key={code}><code>{code}</code> × {n}</li>)}
        </ul>
      )}
    </>
  );
}
