// Canonical gRPC status code names, indexed by number (grpc/grpc doc/statuscodes.md).
// Spans carry the code as an int (rpc.grpc.status_code, old) or a name (rpc.status_code,
// new); the rpcStatus column always holds the name.
export const GRPC_CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

const BY_NAME = new Set<string>(GRPC_CODE_NAMES);

/**
 * The canonical name for a status code given as a number, a numeric string or a name in any
 * case ("deadline_exceeded" is how Connect RPC spells them). Anything else (another RPC
 * system's code) is returned as text, unchanged; null when there is nothing usable.
 */
export function rpcStatusName(value: unknown): string | null {
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value < GRPC_CODE_NAMES.length) {
      return GRPC_CODE_NAMES[value];
    }
    return Number.isFinite(value) ? String(value) : null;
  }
  if (typeof value !== "string" || value.length === 0) return null;
  if (/^\d{1,2}$/.test(value)) return rpcStatusName(Number(value));
  const upper = value.toUpperCase();
  return BY_NAME.has(upper) ? upper : value;
}
