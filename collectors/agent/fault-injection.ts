// Fault injection for the crash tests, off unless its variable is set: kill -9 at the one moment
// a test cannot reach from outside, after an OTLP request is on disk and processed but before it
// is answered. The client then sees a broken connection and retries a request the agent has
// already journaled; the retry guard (pipeline/retry-guard.ts) must not count it twice.
export const KILL_BEFORE_ANSWER_ENV = "STRATA_COLLECTOR_TEST_KILL_BEFORE_ANSWER";

/** A hook for the receivers: SIGKILLs this process before answering the Nth accepted request. */
export function killBeforeAnswerHook(env: Record<string, string | undefined> = process.env): (() => void) | undefined {
  const n = Number(env[KILL_BEFORE_ANSWER_ENV] ?? "");
  if (!Number.isInteger(n) || n <= 0) return undefined;
  let accepted = 0;
  return () => {
    if (++accepted === n) process.kill(process.pid, "SIGKILL");
  };
}
