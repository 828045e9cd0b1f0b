// The landing page: the live graph. The server shell does not fetch the graph: the HTML is sent
// at once and the client part (components/dashboard) asks GET /api/v1/graph itself, showing
// "Loading graph…" meanwhile. Why not stream a server prefetch instead: the graph can only be
// drawn after the page's script has loaded and cytoscape has been imported, so data in the HTML
// saves at most the script's download time, while it would hold the page behind the slowest
// query on the server (the first byte used to wait for it: 9.9 s in bench:ui), inline the whole
// graph (1,500 edges) into the HTML, and be refetched by the first poll anyway.
import { Suspense } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";
import { DemoPanel } from "@/components/demo/demo-panel";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await database();
  return (
    <main className="page">
      <header className="page-header">
        <h1>Strata</h1>
        <span className="muted">database: {db.kind === "postgres" ? "PostgreSQL" : "embedded"}</span>
      </header>
      <Suspense fallback={<p role="status">Loading…</p>}>
        <Dashboard />
      </Suspense>
      <DemoPanel />
    </main>
  );
}
