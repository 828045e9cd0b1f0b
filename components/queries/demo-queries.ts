// The demo panel's reads and writes against /api/v1/demo/faults.
import { queryOptions } from "@tanstack/react-query";
import { demoFaultSchema, demoStateSchema } from "@/lib/contracts/demo";
import { ApiError, fetchParsed } from "./fetch-parsed";
import { queryKeys } from "./query-keys";

export const demoFaultsQuery = () =>
  queryOptions({
    queryKey: queryKeys.demoFaults(),
    queryFn: ({ signal }) => fetchParsed("/api/v1/demo/faults", {}, demoStateSchema, signal),
    refetchInterval: 5_000, // faults end on their own; keep the list honest
  });

async function send(method: "POST" | "DELETE", path: string, body?: unknown) {
  const res = await fetch(path, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new ApiError(res.status, payload?.error?.message ?? `HTTP ${res.status}`);
  return demoFaultSchema.parse(payload);
}

export const startDemoFault = (input: { name: string; target?: string; duration?: string }) => send("POST", "/api/v1/demo/faults", input);
export const stopDemoFault = (id: string) => send("DELETE", `/api/v1/demo/faults/${encodeURIComponent(id)}`);
