// /traces – search traces by service, operation, duration, errors and time (client part fetches).
import { Suspense } from "react";
import { TraceSearch } from "@/components/traces/trace-search";
import "@/components/traces/traces.css";

export default function TracesPage() {
  return (
    <main className="page">
      <header className="page-header">
        <h1>Traces</h1>
      </header>
      <Suspense fallback={<p role="status">Loading…</p>}>
        <TraceSearch />
      </Suspense>
    </main>
  );
}
