// Makes the unchanged Prisma CLI run offline: points it at the wasm-backed schema engine shim in
// this folder instead of the native binary it would otherwise try to download. Called from
// prisma.config.ts, so nobody has to export anything; an explicitly exported variable still wins.
import { accessSync, chmodSync, constants, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of the executable the CLI spawns as its schema engine. */
export const SCHEMA_ENGINE_SHIM = fileURLToPath(new URL("./schema-engine.mjs", import.meta.url));

/** The CLI spawns the file directly; a checkout or archive that lost the exec bit must not break it. */
function ensureExecutable(file) {
  if (process.platform === "win32") return;
  try {
    accessSync(file, constants.X_OK);
  } catch {
    try {
      chmodSync(file, statSync(file).mode | 0o111);
    } catch {
      // Read-only install: the CLI will report the spawn error itself.
    }
  }
}

export function configureOfflineSchemaEngine() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY === undefined) {
    ensureExecutable(SCHEMA_ENGINE_SHIM);
    // The only engine the CLI still downloads in Prisma 7: with this set it looks no further.
    process.env.PRISMA_SCHEMA_ENGINE_BINARY = SCHEMA_ENGINE_SHIM;
  }
  // The CLI's update check calls Prisma's servers; offline it can only fail, so do not ask.
  process.env.CHECKPOINT_DISABLE ??= "1";
  process.env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
}
