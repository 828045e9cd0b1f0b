// Test-only: a valid collector configuration on free ports and a fresh data directory, with
// short intervals so tests run in seconds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LoadedConfig } from "../config/load-config";
import { resolveConfig, mergeConfig } from "../config/load-config";

export function tempDir(prefix = "strata-collector-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(serverUrl: string, token: string, overrides: Record<string, unknown> = {}): LoadedConfig {
  const base = {
    server: { url: serverUrl, token, timeout: 5000 },
    cluster: "test-cluster",
    otlp: { http: { listen: "127.0.0.1:0" }, grpc: { listen: "127.0.0.1:0" } },
    metrics: { listen: "127.0.0.1:0" },
    dataDir: tempDir(),
    batch: { maxAge: 200 },
    retry: { initialInterval: 50, maxInterval: 400 },
    replay: { batchesPerSecond: 200 },
    // Test processes share the machine with vitest workers: keep the memory limiter out of the way.
    memory: { softLimitMiB: 4000, hardLimitMiB: 8000 },
  };
  return resolveConfig(mergeConfig(base, overrides));
}
