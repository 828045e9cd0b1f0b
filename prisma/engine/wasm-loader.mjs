// Loads @prisma/schema-engine-wasm under plain Node.
//
// WHY by hand (STACK-NOTES trap 7): the package is a wasm-bindgen "bundler" build whose entry does
// `import * as wasm from "./schema_engine_bg.wasm"`, which Node 20 cannot import. The bindings
// module (schema_engine_bg.js) is ordinary JS, so we compile the .wasm ourselves, give it the
// bindings as its import object, and hand the instance's exports back to the bindings.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** The import namespace the .wasm file declares for its JS glue (checked when instantiating). */
const BINDINGS_MODULE_NAME = "./schema_engine_bg.js";

let loaded;

/**
 * The engine's panic hook reports the panic text to `globalThis.PRISMA_WASM_PANIC_REGISTRY` before
 * trapping (Prisma's own JS sets that object up; without it the hook itself throws a TypeError and
 * the real message is lost). Reuse one if this process already has it.
 */
class PanicMessageRegistry {
  message = "";
  get() {
    return this.message;
  }
  set_message(value) {
    this.message = value;
  }
}

/** The message of the last panic inside the wasm engine, if any; clears it. */
export function takePanicMessage() {
  const registry = globalThis.PRISMA_WASM_PANIC_REGISTRY;
  const message = registry?.get?.() ?? registry?.message;
  if (registry && "message" in registry) registry.message = "";
  return message ? String(message) : undefined;
}

/**
 * Returns the bindings module ({ SchemaEngine, version, ... }) with the wasm instance attached.
 * Instantiates once per process: the bindings keep the instance in module state.
 */
export function loadSchemaEngineWasm() {
  loaded ??= instantiate();
  return loaded;
}

async function instantiate() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= new PanicMessageRegistry();
  // The package exports its glue module but not package.json or the .wasm: find the .wasm beside it.
  const bindingsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = await import(pathToFileURL(bindingsPath).href);
  const bytes = await readFile(path.join(path.dirname(bindingsPath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { [BINDINGS_MODULE_NAME]: bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings;
}
