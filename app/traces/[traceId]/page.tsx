// /traces/{traceId} – the waterfall of one trace (data fetched by the client part).
import Link from "next/link";
import { TraceView } from "@/components/traces/trace-view";
import "@/components/traces/traces.css";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  return (
    <main className="page">
      <header className="page-header">
        <h1>Trace</h1>
        <code>{traceId}</code>
        <Link href="/traces">search traces</Link>
      </header>
      <TraceView traceId={traceId} />
    </main>
  );
}
