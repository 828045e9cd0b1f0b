// Shown over the empty canvas: how to get data in.
export function GettingStarted({ layer }: { layer: string }) {
  return (
    <section aria-label="getting started" className="graph-overlay getting-started">
      <h2>No {layer === "network" ? "flows" : "data"} in this window</h2>
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
  );
}
