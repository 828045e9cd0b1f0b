#!/usr/bin/env node
// `npx strata-simulate …`: the payments-platform simulator (lib/simulator/README.md). Runs the TypeScript sources through tsx under the
// "react-server" condition, so server-only modules load outside Next.js as they do inside it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const result = spawnSync(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(root, "lib/simulator/cli.ts"), ...process.argv.slice(2)],
  { stdio: "inherit", cwd: process.cwd(), env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") } },
);
process.exit(result.status ?? 1);
