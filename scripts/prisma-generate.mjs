#!/usr/bin/env node
// `prisma generate`, offline, for npm's postinstall: writes the Prisma client that
// prisma/schema.prisma's `prisma-client` generator describes (lib/db/generated).
//
// Generating needs no database, so DATABASE_URL may be unset (prisma.config.ts reads it without
// `env()` for that reason). The CLI still insists on a schema engine before it starts; we point it at
// the wasm-backed shim in prisma/engine so it never tries to download the native binary.
// Extra arguments are passed on, e.g. `node scripts/prisma-generate.mjs --schema other.prisma`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { configureOfflineSchemaEngine } from "../prisma/engine/offline-env.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const extraArgs = process.argv.slice(2);

let prismaCli;
try {
  prismaCli = require.resolve("prisma/build/index.js");
} catch {
  // e.g. an install that left out the CLI: nothing to generate with, and nothing to fail for.
  console.warn("prisma-generate: the prisma CLI is not installed; skipping client generation.");
  process.exit(0);
}

const usesDefaultSchema = !extraArgs.some((arg) => arg === "--schema" || arg.startsWith("--schema="));
if (usesDefaultSchema && !existsSync(new URL("../prisma/schema.prisma", import.meta.url))) {
  console.warn("prisma-generate: prisma/schema.prisma does not exist yet; skipping client generation.");
  process.exit(0);
}

// prisma.config.ts does this too; doing it here as well keeps generate offline even when someone
// runs it with a different --config.
configureOfflineSchemaEngine();

const result = spawnSync(process.execPath, [prismaCli, "generate", ...extraArgs], {
  cwd: repoRoot,
  stdio: "inherit",
  env: process.env,
});
if (result.error) {
  console.error(`prisma-generate: could not start the prisma CLI: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
