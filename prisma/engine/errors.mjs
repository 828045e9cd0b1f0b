// Turns whatever the wasm schema engine throws into the JSON-RPC error object the Prisma CLI reads
// from the native engine: `error.data.{is_panic, message, error_code, meta}`.
import { takePanicMessage } from "./wasm-loader.mjs";

/** The native engine's JSON-RPC error code for "see data for details". */
const ENGINE_ERROR_CODE = 4466;
const EXTERNAL_ERROR = /External error id#(\d+)/g;
const PRISMA_ERROR_CODE = /^P\d{4}$/;
const FAILED_SCRIPT = /apply_migration::apply_script\s+with migration_name="([^"]+)"/;

/**
 * Trap 6: an exception thrown inside the JS adapter crosses the wasm boundary as the text
 * "External error id#N"; the bound factory's error registry still holds the real error under N.
 * Replaces each such marker with the real error's message and returns the first real error found.
 */
export function resolveExternalErrors(message, errorRegistry) {
  let original;
  const resolved = String(message).replace(EXTERNAL_ERROR, (marker, id) => {
    const entry = errorRegistry?.consumeError?.(Number(id));
    if (!entry) return marker;
    original ??= entry.error;
    return entry.error?.message ?? String(entry.error);
  });
  return { message: resolved, original };
}

/** True for a Rust panic inside the wasm engine (it aborts through `unreachable`). */
export function isWasmPanic(error) {
  return error instanceof WebAssembly.RuntimeError;
}

/** @returns {{ code: number, message: string, data: object }} */
export function toRpcError(error, errorRegistry) {
  const rawMessage = error instanceof Error ? error.message : String(error);
  const { message, original } = resolveExternalErrors(rawMessage, errorRegistry);

  if (isWasmPanic(error)) {
    const panicMessage = takePanicMessage() ?? message;
    return {
      code: ENGINE_ERROR_CODE,
      message: "The schema engine panicked.",
      data: { is_panic: true, message: panicMessage, error: { message: panicMessage }, backtrace: error.stack ?? null },
    };
  }

  const failed = describeFailedMigration(message);
  if (failed) return { code: ENGINE_ERROR_CODE, message: "An error happened. Check the data field for details.", data: failed };

  const errorCode = [error?.code, original?.code].find((code) => typeof code === "string" && PRISMA_ERROR_CODE.test(code));
  const data = { is_panic: false, message };
  if (errorCode) data.error_code = errorCode;
  if (error?.meta !== undefined) data.meta = error.meta;
  return { code: ENGINE_ERROR_CODE, message: "An error happened. Check the data field for details.", data };
}

/**
 * The wasm engine reports a migration script that failed on the database as a bare "external
 * connector error" plus a span trace naming the migration. The native engine reports P3018, whose
 * text tells the user how to recover (`prisma migrate resolve`); rebuild that from the trace.
 */
export function describeFailedMigration(message) {
  const migration = FAILED_SCRIPT.exec(message)?.[1];
  if (!migration) return undefined;
  const databaseError = /Error querying the database: (.*)/.exec(message)?.[1] ?? message.split("\n")[0];
  return {
    is_panic: false,
    error_code: "P3018",
    message: [
      "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve",
      `Migration name: ${migration}`,
      `Database error:\n${databaseError}`,
    ].join("\n\n"),
    meta: { migration_name: migration, database_error: databaseError },
  };
}
