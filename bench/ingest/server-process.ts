// Starts the production server (`next start`) as the benchmark's target and reads its peak
// resident memory from /proc (VmHWM: the high-water mark the kernel kept for us).
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import path from "node:path";

export const BENCH_ADMIN_TOKEN = "bench_admin_token_0123456789abcdef";

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  peakRssMb(): number;
  stop(): Promise<void>;
}

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export async function startServer(port: number, env: Record<string, string>): Promise<ServerProcess> {
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  // Same young-generation size as scripts/start.mjs gives the server. BENCH_SERVER_PROFILE=<dir>
  // writes the server's CPU profile there when it stops (open it in Chrome DevTools).
  // BENCH_SERVER_NODE_ARGS adds node flags (say "--trace-gc-nvp", or another semi-space size);
  // BENCH_SERVER_LOG=<file> keeps the server's stdout, where such flags write.
  const profile = process.env.BENCH_SERVER_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const stdout = process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, "a") : "ignore";
  const child = spawn(process.execPath, [...profile, "--max-semi-space-size=64", ...extra, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", STRATA_ADMIN_TOKEN: BENCH_ADMIN_TOKEN, ...env },
    stdio: ["ignore", stdout, "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, vmHwmKb(child.pid!))), 500);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/v1/health`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error("server did not become healthy in 120 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    peakRssMb: () => Math.max(peakKb, vmHwmKb(child.pid!)) / 1024,
    async stop() {
      clearInterval(sampler);
      peakKb = Math.max(peakKb, vmHwmKb(child.pid!));
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
