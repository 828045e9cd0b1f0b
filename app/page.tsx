// The landing page: the live graph. This server shell prefetches the graph for the view in the
// URL straight from rollups and hands it over through HydrationBoundary, so the first paint has
// data; the client part (components/dashboard) then polls the API.
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";
import { DemoPanel } from "@/components/demo/demo-panel";
import { decodeView, graphScopeParams, windowParams } from "@/components/dashboard/view-state";
import { graphQuery } from "@/components/queries/read-queries";
import { graphQuerySchema } from "@/lib/contracts/graph";
import { buildGraph } from "@/lib/graph/build-graph";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, one);
  const view = decodeView(params);
  const db = await database();
  const client = new QueryClient();
  // The same key as the browser's query and the same parameters as the API: one graph either way.
  // A failing prefetch (say, a cluster that no longer exists) is left to the client to report.
  await client.prefetchQuery({
    queryKey: graphQuery(view).queryKey,
    queryFn: () => buildGraph(db, graphQuerySchema.parse({ layer: view.layer, ...windowParams(view), ...graphScopeParams(view) })),
  });
  return (
    <main className="page">
      <header className="page-header">
        <h1>Strata</h1>
        <span className="muted">database: {db.kind === "postgres" ? "PostgreSQL" : "embedded"}</span>
      </header>
      <HydrationBoundary state={dehydrate(client)}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Dashboard />
        </Suspense>
      </HydrationBoundary>
      <DemoPanel />
    </main>
  );
}
