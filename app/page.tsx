// The landing page: the live graph. This server shell prefetches the graph for the view in the
// URL straight from rollups and hands it over through HydrationBoundary, so the first paint has
// data; the client part (components/dashboard) then polls the API.
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { Dashboard } from "@/components/dashboard/dashboard";
import { DemoPanel } from "@/components/demo/demo-panel";
import { decodeView } from "@/components/dashboard/view-state";
import { queryKeys } from "@/components/queries/query-keys";
import { windowKey } from "@/components/queries/read-queries";
import { networkGraph } from "@/lib/graph/network-graph";
import { serviceGraph } from "@/lib/graph/service-graph";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const view = decodeView({ get: (k) => (typeof raw[k] === "string" ? (raw[k] as string) : null) });
  const db = await database();
  const client = new QueryClient();
  await client.prefetchQuery({
    queryKey: queryKeys.graph(view.layer, windowKey(view)),
    queryFn: async () => {
      // The dashboard shows every cluster (no cluster picker yet).
      const scope = { ...resolveWindow({ range: view.range ?? undefined, from: view.from ?? undefined, to: view.to ?? undefined }), clusterId: null };
      return view.layer === "network" ? networkGraph(db, scope) : serviceGraph(db, scope);
    },
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
