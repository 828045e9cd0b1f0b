import "server-only";
// JSON responses for /api/v1 handlers: success bodies and the one error shape.
import { mapError } from "./errors";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(err: unknown): Response {
  const m = mapError(err);
  return json({ error: { code: m.code, message: m.message } }, m.status, m.headers);
}

/** Wraps a handler so every throw is answered through the one mapper. */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
