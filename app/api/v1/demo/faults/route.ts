// GET /api/v1/demo/faults – the simulator's faults and catalogue (available: false without one)
// POST /api/v1/demo/faults – inject a fault into the running simulator
import { handle, json } from "@/lib/api/json-response";
import { startFaultSchema } from "@/lib/contracts/demo";
import { demoState, startFault } from "@/lib/demo/simulator-control";

export const dynamic = "force-dynamic";

export const GET = handle(async () => json(await demoState()));

export const POST = handle(async (request: Request) => {
  const input = startFaultSchema.parse(await request.json().catch(() => null));
  return json(await startFault(input), 201);
});
