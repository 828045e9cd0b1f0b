// The landing page: until the live graph (components/service-graph) lands, it lists the service
// edges of the last 15 minutes straight from rollups, and tells a newcomer how to send data.
import { serviceGraph } from "@/lib/graph/service-graph";
import { resolveWindow } from "@/lib/graph/time-window";
import { database } from "@/lib/server/context";
import { EdgeTable } from "@/components/overview/edge-table";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await database();
  const graph = await serviceGraph(db, { ...resolveWindow({ range: "15m" }), clusterId: null });
  return (
    <main style={{ padding: "1.5rem", maxWidth: 1100 }}>
      <h1 style={{ margin: 0 }}>Strata</h1>
      <p style={{ color: "var(--muted)" }}>
        Service edges of the last 15 minutes · database: {db.kind === "postgres" ? "PostgreSQL" : "embedded"}
      </p>
      {graph.edges.length === 0 ? (
        <section aria-label="getting started">
          <h2>No data yet</h2>
          <ol>
            <li>
              Create a cluster and its ingest token: <code>npx strata cluster create my-cluster</code>
            </li>
            <li>
              Point an OpenTelemetry SDK or Collector at this server (OTLP/HTTP, path <code>/v1/traces</code>) with{" "}
              <code>Authorization: Bearer &lt;token&gt;</code>.
            </li>
          </ol>
        </section>
      ) : (
        <EdgeTable graph={graph} />
      )}
    </main>
  );
}
