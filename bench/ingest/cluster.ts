// Creates the benchmark's cluster on a running server and returns its ingest token.
import { BENCH_ADMIN_TOKEN } from "./server-process";

export async function createCluster(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/clusters`, {
    method: "POST",
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench" }),
  });
  if (res.status !== 201) throw new Error(`cluster create: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
