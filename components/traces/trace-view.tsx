"use client";
// One trace as a waterfall: a row per span, indented under its parent, with a bar on the trace's
// time axis; selecting a row shows its attributes, events and links.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { traceQuery } from "@/components/queries/read-queries";
import { formatMs } from "@/components/service-graph/format";
import { layoutWaterfall } from "./waterfall-layout";

export function TraceView({ traceId }: { traceId: string }) {
  const q = useQuery(traceQuery(traceId));
  const [open, setOpen] = useState<string | null>(null);
  if (q.isPending) return <p role="status">Loading trace…</p>;
  if (q.error) return <p role="alert" className="panel-error">Could not load trace: {q.error.message}</p>;
  const { rows, durationUs } = layoutWaterfall(q.data.spans);
  const services = new Set(q.data.spans.map((s) => s.service));
  return (
    <section aria-label="trace waterfall">
      <p className="muted">
        {rows.length} spans · {services.size} services · {formatMs(durationUs / 1000)} · <Link href="/">back to the graph</Link>
      </p>
      <ol className="waterfall">
        {rows.map(({ span, depth, offset, width }) => (
          <li key={span.spanId} className={span.isError ? "waterfall-row error" : "waterfall-row"}>
            <button
              type="button"
              className="waterfall-label"
              style={{ paddingLeft: `${depth * 14 + 4}px` }}
              aria-expanded={open === span.spanId}
              onClick={() => setOpen(open === span.spanId ? null : span.spanId)}
            >
              {span.isError ? "✖ " : ""}
              <strong>{span.service}</strong> {span.name}
            </button>
            <div className="waterfall-track" aria-hidden="true">
              <div className="waterfall-bar" style={{ left: `${offset * 100}%`, width: `${width * 100}%` }} />
            </div>
            <span className="waterfall-duration">{formatMs(span.durationUs / 1000)}</span>
            {open === span.spanId && (
              <div className="waterfall-detail">
                {span.statusMessage && <p>Status: {span.statusMessage}</p>}
                <pre>{JSON.stringify(span.attributes, null, 2)}</pre>
                {span.events.map((e, i) => (
                  <p key={i}>
                    Event <strong>{e.name}</strong>: {JSON.stringify(e.attributes)}
                  </p>
                ))}
                {span.links.map((l) => (
                  <p key={l.spanId}>
                    Link to <Link href={`/traces/${l.traceId}`}>{l.traceId}</Link>
                  </p>
                ))}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
