// What an answer of the ingest API means for the batch that was sent (STYLE.md 18: failures are
// classified; only retryable ones are retried):
//   2xx                  delivered (a duplicate batch id is delivered too: the server had it);
//   400, 422, other 4xx  permanent: the batch can never succeed; dropped and counted;
//   401, 403, 404        the agent is misconfigured (token, URL): retried slowly, logged loudly,
//                        because dropping data over a fixable setting would be worse;
//   413                  too large: split in halves and sent again;
//   408, 429, 5xx, network errors, timeouts   retryable, honouring Retry-After.
export type SendOutcome =
  | { kind: "delivered"; duplicate: boolean }
  | { kind: "permanent"; status: number; message: string }
  | { kind: "misconfigured"; status: number; message: string; retryAfterMs: number | null }
  | { kind: "too_large"; message: string }
  | { kind: "retryable"; status: number | null; message: string; retryAfterMs: number | null };

export function classifyResponse(status: number, body: string, retryAfter: string | null, nowMs = Date.now()): SendOutcome {
  const message = errorMessageOf(body) ?? `HTTP ${status}`;
  if (status >= 200 && status < 300) return { kind: "delivered", duplicate: duplicateOf(body) };
  const wait = parseRetryAfter(retryAfter, nowMs);
  if (status === 413) return { kind: "too_large", message };
  if (status === 401 || status === 403 || status === 404) return { kind: "misconfigured", status, message, retryAfterMs: wait };
  if (status === 408 || status === 429 || status >= 500) return { kind: "retryable", status, message, retryAfterMs: wait };
  return { kind: "permanent", status, message };
}

export function classifyNetworkError(err: unknown): SendOutcome {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const detail = e.name === "TimeoutError" ? "request timed out" : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(err));
  return { kind: "retryable", status: null, message: `network error: ${detail}`, retryAfterMs: null };
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function errorMessageOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    return typeof parsed?.error?.message === "string" ? parsed.error.message : null;
  } catch {
    return body ? body.slice(0, 200) : null;
  }
}

function duplicateOf(body: string): boolean {
  try {
    return (JSON.parse(body) as { duplicate?: unknown }).duplicate === true;
  } catch {
    return false;
  }
}
