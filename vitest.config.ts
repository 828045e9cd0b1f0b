import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Unit and integration tests. Integration tests that need PostgreSQL read STRATA_TEST_DATABASE_URL
// (set by scripts/test-all.sh and .ci/run); embedded-database tests open PGlite in a temp folder.
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // "server-only" throws outside a React Server environment; tests run server code directly.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-noop.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "collectors/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 30_000,
    // Setup hooks migrate and seed a database (PGlite in wasm is slow on a loaded machine).
    hookTimeout: 120_000,
    pool: "forks",
    // Two files at a time: each file opens its own database, and most of the suite waits on
    // PostgreSQL, PGlite or child processes rather than on this process's CPU.
    maxWorkers: 2,
  },
});
