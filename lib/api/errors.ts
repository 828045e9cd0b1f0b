// One error type for the whole API and one place that maps it to an HTTP status. Handlers
// throw AppError for what the caller did wrong; a ZodError becomes a 400 naming the bad field;
// anything else is a bug, logged with its stack and answered with a generic 500 that never
// echoes internals.
import { ZodError } from "zod";

export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** for rate_limited and unavailable: seconds the caller should wait */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export interface MappedError {
  status: number;
  code: ErrorCode;
  message: string;
  headers: Record<string, string>;
}

export function mapError(err: unknown): MappedError {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.retryAfterSeconds !== undefined) headers["retry-after"] = String(err.retryAfterSeconds);
    return { status: err.status, code: err.code, message: err.message, headers };
  }
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first?.path.length ? first.path.join(".") : "body";
    const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problems)` : "";
    return { status: 400, code: "bad_request", message: `${where}: ${first?.message ?? "invalid"}${more}`, headers: {} };
  }
  console.error("[api] unexpected error:", err);
  return { status: 500, code: "internal", message: "internal error", headers: {} };
}
