// The demo panel's API against a real simulator control server: faults listed with their
// catalogue, injected, refused when unknown, stopped; and "unavailable" when no simulator runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as faults from "@/app/api/v1/demo/faults/route";
import * as fault from "@/app/api/v1/demo/faults/[id]/route";
import { demoStateSchema } from "@/lib/contracts/demo";
import { startControlServer } from "@/lib/simulator/control-server";
import { startSimulator } from "@/lib/simulator/simulator";
import { startRouteServer, type RouteServer } from "@/lib/testing/route-server";

describe("demo faults API", () => {
  let server: RouteServer;
  let control: { url: string; close(): Promise<void> };
  let sim: ReturnType<typeof startSimulator>;
  beforeAll(async () => {
    // No endpoint is listening: the simulator only plans; the control API is what is tested.
    sim = startSimulator({ endpoint: "http://127.0.0.1:9/v1/traces", backfillMs: 0, live: false, flowDir: null, log: () => undefined });
    control = await startControlServer(sim, 0);
    process.env.STRATA_SIMULATOR_CONTROL = control.url;
    server = await startRouteServer([
      { method: "GET", path: "/api/v1/demo/faults", handler: faults.GET },
      { method: "POST", path: "/api/v1/demo/faults", handler: faults.POST },
      { method: "DELETE", path: "/api/v1/demo/faults/:id", handler: fault.DELETE },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await control?.close();
    await sim?.stop();
  });

  const post = (body: unknown) =>
    fetch(`${server.url}/api/v1/demo/faults`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

  it("injects, lists and stops a fault through the running simulator", async () => {
    const started = await post({ name: "slow-database", duration: "1m" });
    expect(started.status).toBe(201);
    const created = await started.json();
    expect(created).toMatchObject({ name: "slow-database", layer: "service", target: { service: "postgres" } });

    const state = demoStateSchema.parse(await (await fetch(`${server.url}/api/v1/demo/faults`)).json());
    expect(state.available).toBe(true);
    expect(state.catalogue.map((c) => c.name)).toContain("network-reject");
    expect(state.faults.map((f) => f.id)).toContain(created.id);

    const stopped = await fetch(`${server.url}/api/v1/demo/faults/${created.id}`, { method: "DELETE" });
    expect(stopped.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/demo/faults/nope`, { method: "DELETE" })).status).toBe(404);
  });

  it("refuses an unknown fault and a malformed duration with a 400 naming the problem", async () => {
    const unknown = await post({ name: "meteor-strike" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toMatch(/meteor-strike|unknown/i);
    const badDuration = await post({ name: "slow-database", duration: "forever" });
    expect(badDuration.status).toBe(400);
    expect((await badDuration.json()).error.message).toMatch(/^duration/);
  });

  it("reports unavailable when no simulator answers", async () => {
    process.env.STRATA_SIMULATOR_CONTROL = "http://127.0.0.1:9";
    const state = demoStateSchema.parse(await (await fetch(`${server.url}/api/v1/demo/faults`)).json());
    expect(state).toMatchObject({ available: false, faults: [] });
    expect((await post({ name: "slow-database" })).status).toBe(503);
    process.env.STRATA_SIMULATOR_CONTROL = control.url;
  });
});
