// One schema engine: the wasm SchemaEngine over the fixed adapter-pg factory, answering the
// JSON-RPC methods the Prisma CLI sends its native engine.
import { createDatabaseFromUrl } from "./cli-mode.mjs";
import { toRpcError } from "./errors.mjs";
import { createPgAdapterFactory } from "./pg-factory.mjs";
import { bindMigrationAwareSqlAdapterFactory } from "./pg-modules.mjs";
import { loadSchemaEngineWasm } from "./wasm-loader.mjs";

/** CLI method names that the wasm engine spells differently. */
const RENAMED_METHODS = { getDatabaseVersion: "version" };

/** Methods whose result depends on a shadow-database replay of the migrations folder (trap 4). */
const NEEDS_REPLAY = new Set(["createMigration", "evaluateDataLoss"]);
/** Whether a call replayed the migrations into the shadow database, after which the two above work. */
function performedReplay(method, params) {
  if (method === "devDiagnostic") return true;
  return method === "diagnoseMigrationHistory" && params?.optInToShadowDatabase === true;
}

/**
 * @param {{
 *   datamodels?: Array<[path: string, content: string]>,
 *   datasource?: { url?: string, shadowDatabaseUrl?: string },
 *   log?: (line: string) => void,
 * }} options
 */
export async function openEngineSession({ datamodels, datasource = {}, log = () => {} }) {
  const bindings = await loadSchemaEngineWasm();
  const { factory, dropTemporaryShadows } = createPgAdapterFactory(datasource);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  // The engine insists on `undefined` or a non-empty list.
  const options = { datamodels: datamodels && datamodels.length > 0 ? datamodels : undefined };

  let engine;
  try {
    engine = await bindings.SchemaEngine.new(options, log, bound);
  } catch (error) {
    throw withResolvedMessage(error, bound.errorRegistry);
  }

  let replayedMigrations = null;

  async function replayIfNeeded(method, params) {
    if (!NEEDS_REPLAY.has(method)) return;
    const key = JSON.stringify(params?.migrationsList ?? null);
    if (replayedMigrations === key) return;
    await engine.diagnoseMigrationHistory({
      migrationsList: params.migrationsList,
      optInToShadowDatabase: true,
      filters: params.filters ?? { externalTables: [], externalEnums: [] },
    });
    replayedMigrations = key;
  }

  async function run(method, params, { print } = {}) {
    // Not in the wasm engine (and unused by the 7.10 CLI, which runs `cli create-database`).
    if (method === "createDatabase") return createDatabaseFromUrl(datasource.url);
    if (method === "debugPanic") return engine.debugPanic();
    const name = RENAMED_METHODS[method] ?? method;
    if (typeof engine[name] !== "function" || name === "free" || name === "constructor") {
      throw new Error(`The wasm schema engine does not implement "${method}".`);
    }
    await replayIfNeeded(method, params);
    // Call through `engine` (not a detached reference): the bindings read `this.__wbg_ptr`.
    const result = await engine[name](params);
    if (performedReplay(method, params)) replayedMigrations = JSON.stringify(params?.migrationsList ?? null);
    if (method === "diff" && result && typeof result.stdout === "string") {
      // The native engine prints the diff through the CLI rather than returning it.
      if (print && result.stdout !== "") await print(result.stdout.replace(/\n$/, ""));
      return print ? { ...result, stdout: null } : result;
    }
    return result;
  }

  return {
    /** Runs one CLI method; always removes temporary shadow databases before answering. */
    async call(method, params, context) {
      try {
        return await run(method, params, context);
      } finally {
        await dropTemporaryShadows();
      }
    },
    toRpcError: (error) => toRpcError(error, bound.errorRegistry),
    async close() {
      await dropTemporaryShadows();
      engine.free();
    },
  };
}

function withResolvedMessage(error, errorRegistry) {
  const rpc = toRpcError(error, errorRegistry);
  const resolved = new Error(rpc.data.message);
  if (rpc.data.error_code) resolved.code = rpc.data.error_code;
  return resolved;
}
