"use client";
// Everything about one span: status, timing, every attribute (typed columns and the jsonb rest,
// merged by the API), the resource it ran on, its events with exceptions spelled out, and its
// links to other traces (a link is followable only when that trace is stored).
import Link from "next/link";
import type { TraceSpan } from "@/lib/contracts/traces";
import { formatMs } from "@/components/service-graph/format";

const KIND = ["unspecified", "internal", "server", "client", "producer", "consumer"];
const STATUS = ["unset", "ok", "error"];

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function AttributeTable({ label, values }: { label: string; values: Record<string, unknown> }) {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return <p className="muted">No {label.toLowerCase()}.</p>;
  return (
    <table className="data-table span-attributes" aria-label={label}>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{show(values[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SpanEvent({ event, traceStartUs }: { event: TraceSpan["events"][number]; traceStartUs: number }) {
  const a = event.attributes;
  const { "exception.type": type, "exception.message": message, "exception.stacktrace": stack, ...rest } = a;
  const isException = event.name === "exception";
  return (
    <li className={isException ? "span-event exception" : "span-event"}>
      <p>
        <strong>{isException ? "Exception" : event.name}</strong>{" "}
        <span className="muted">at +{formatMs((event.timeUs - traceStartUs) / 1000)}</span>
      </p>
      {isException && (
        <p>
          <code>{type === undefined ? "(no type)" : show(type)}</code>
          {message !== undefined && <>: {show(message)}</>}
        </p>
      )}
      {isException && stack !== undefined && <pre className="stacktrace">{show(stack)}</pre>}
      {Object.keys(isException ? rest : a).length > 0 && <AttributeTable label="Event attributes" values={isException ? rest : a} />}
    </li>
  );
}

export function SpanDetail({ span, traceStartUs, linkedTraceIds, onClose }: {
  span: TraceSpan;
  traceStartUs: number;
  linkedTraceIds: ReadonlySet<string>;
  onClose: () => void;
}) {
  return (
    <aside className="panel span-detail" aria-label="span detail">
      <div className="panel-header">
        <h2>{span.name}</h2>
        <button type="button" onClick={onClose} aria-label="close span detail">✕</button>
      </div>
      <dl className="stats">
        <div><dt>Service</dt><dd>{span.service}</dd></div>
        <div><dt>Duration</dt><dd>{formatMs(span.durationUs / 1000)}</dd></div>
        <div><dt>Starts at</dt><dd>+{formatMs((span.startUs - traceStartUs) / 1000)}</dd></div>
        <div><dt>Kind</dt><dd>{KIND[span.kind] ?? span.kind}</dd></div>
        <div>
          <dt>Status</dt>
          <dd className={span.isError ? "panel-error" : undefined}>{span.isError ? "✖ " : ""}{STATUS[span.statusCode] ?? span.statusCode}</dd>
        </div>
        <div><dt>Span id</dt><dd><code>{span.spanId}</code></dd></div>
      </dl>
      {span.statusMessage && <p className={span.isError ? "panel-error" : undefined}>Status message: {span.statusMessage}</p>}
      <h3>Events</h3>
      {span.events.length === 0 ? <p className="muted">No events.</p> : (
        <ol className="plain-list" aria-label="span events">
          {span.events.map((e, i) => <SpanEvent key={i} event={e} traceStartUs={traceStartUs} />)}
        </ol>
      )}
      <h3>Attributes</h3>
      <AttributeTable label="Attributes" values={span.attributes} />
      <h3>Resource</h3>
      <AttributeTable label="Resource" values={span.resource} />
      <h3>Links</h3>
      {span.links.length === 0 ? <p className="muted">No links.</p> : (
        <ul className="plain-list" aria-label="span links">
          {span.links.map((l, i) => (
            <li key={i}>
              {linkedTraceIds.has(l.traceId)
                ? <Link href={`/traces/${l.traceId}`}>trace {l.traceId}</Link>
                : <span><code>{l.traceId}</code> <span className="muted">(not stored)</span></span>}
              {" "}<span className="muted">span {l.spanId}</span>
              {Object.keys(l.attributes).length > 0 && <AttributeTable label="Link attributes" values={l.attributes} />}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
