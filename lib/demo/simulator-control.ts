import "server-only";
// The server's side of the demo panel: a thin client of the simulator's control API
// (lib/simulator/control-server.ts), so the browser talks to one origin only. When no simulator
// answers, the demo is simply unavailable.
import { AppError } from "@/lib/api/errors";
import { demoFaultSchema, type DemoState } from "@/lib/contracts/demo";
import { faultCatalogue, faultNames } from "@/lib/simulator/faults";
import { z } from "zod";

const CONTROL_URL = () => process.env.STRATA_SIMULATOR_CONTROL || "http://127.0.0.1:4319";
const TIMEOUT_MS = 1500;

async function call(method: string, path: string, body?: unknown): Promise<Response | null> {
  try {
    return await fetch(`${CONTROL_URL()}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return null;
  }
}

const catalogue = faultNames.map((name) => ({ name, ...faultCatalogue[name] }));

export async function demoState(): Promise<DemoState> {
  const res = await call("GET", "/faults");
  if (!res?.ok) return { available: false, faults: [], catalogue };
  const body = z.object({ faults: z.array(demoFaultSchema) }).parse(await res.json());
  return { available: true, faults: body.faults, catalogue };
}

export async function startFault(input: { name: string; target?: string; duration?: string }) {
  const res = await call("POST", "/faults", input);
  if (!res) throw new AppError("unavailable", "no simulator is running (it runs with `npm start` on the embedded database)", 5);
  const body = await res.json();
  if (!res.ok) throw new AppError("bad_request", String((body as { error?: string }).error ?? "the simulator refused the fault"));
  return demoFaultSchema.parse(body);
}

export async function stopFault(id: string) {
  const res = await call("DELETE", `/faults/${encodeURIComponent(id)}`);
  if (!res) throw new AppError("unavailable", "no simulator is running", 5);
  if (res.status === 404) throw new AppError("not_found", `no fault ${id}`);
  return demoFaultSchema.parse(await res.json());
}
