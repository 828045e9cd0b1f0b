// /traces/{traceId} – the waterfall of one trace (data fetched by the client part).
import { TraceView } from "@/components/traces/trace-view";

export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await params;
  return (
    <main className="page">
      <header className="page-header">
        <h1>Trace</h1>
        <code>{traceId}</code>
      </header>
      <TraceView traceId={traceId} />
    </main>
  );
}
