// GET a read-API path and parse the body with its contract; an API error becomes an Error with
// the server's message, so panels can show what went wrong.
import type { z } from "zod";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchParsed<S extends z.ZodType>(path: string, params: Record<string, string>, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  const qs = new URLSearchParams(params).toString();
  const res = await fetch(qs ? `${path}?${qs}` : path, { signal, headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(res.status, body?.error?.message ?? `HTTP ${res.status}`);
  }
  return schema.parse(await res.json());
}
