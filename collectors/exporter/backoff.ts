// Jittered exponential backoff (the OTel exporters' defaults: ×2 per attempt, ±50 % jitter,
// capped), so agents that failed together do not retry together.
export interface BackoffPolicy {
  initialIntervalMs: number;
  maxIntervalMs: number;
  /** 0 = never give up */
  maxElapsedMs: number;
}

export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxIntervalMs, policy.initialIntervalMs * 2 ** Math.min(attempt, 30));
  const jittered = base * (0.5 + random());
  return Math.round(Math.min(policy.maxIntervalMs, jittered));
}

/** The wait before the next attempt: the server's Retry-After when given (plus a little jitter
 *  so a fleet told "5 s" does not come back in the same millisecond), else the backoff. */
export function retryDelay(policy: BackoffPolicy, attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  if (retryAfterMs !== null) return Math.round(retryAfterMs + random() * Math.min(1000, retryAfterMs * 0.2 + 100));
  return backoffDelay(policy, attempt, random);
}
