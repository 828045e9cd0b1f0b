#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which cannot be downloaded here.
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY at this file; the unchanged Prisma CLI then
// spawns it and talks JSON-RPC over stdin/stdout. Every call is forwarded to
// @prisma/schema-engine-wasm running over @prisma/adapter-pg. See README.md in this folder.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseEngineArgs } from "./args.mjs";
import { runCliCommand } from "./cli-mode.mjs";
import { openEngineSession } from "./engine-session.mjs";
import { toRpcError } from "./errors.mjs";
import { serveJsonRpc } from "./rpc.mjs";
import { loadSchemaEngineWasm } from "./wasm-loader.mjs";

function logLine(level, message) {
  return JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message }, target: "schema_engine::logger" });
}

async function readDatamodels(paths) {
  return Promise.all(
    paths.map(async (file) => [file, await readFile(path.resolve(process.cwd(), file), "utf8")]),
  );
}

async function main() {
  const args = parseEngineArgs(process.argv.slice(2));

  if (args.version) {
    const { version } = await loadSchemaEngineWasm();
    process.stdout.write(`schema-engine-wasm ${version()} (strata prisma/engine shim)\n`);
    return 0;
  }
  if (args.problems.length > 0) {
    for (const problem of args.problems) process.stderr.write(`${logLine("ERROR", problem)}\n`);
    return 1;
  }
  if (args.cliCommand) {
    const { exitCode, stderrLines } = await runCliCommand(args.cliCommand, args.datasource);
    process.stderr.write(stderrLines.map((line) => `${line}\n`).join(""));
    return exitCode;
  }

  // Opened on the first request so that a broken schema or datasource comes back as an RPC error
  // the CLI can print, instead of as a dead engine.
  let session;
  const getSession = () =>
    (session ??= readDatamodels(args.datamodelPaths).then((datamodels) =>
      openEngineSession({
        datamodels,
        datasource: args.datasource,
        // The engine's log records are already JSON lines in the shape the CLI collects from stderr.
        log: (line) => process.stderr.write(`${String(line).trimEnd()}\n`),
      }),
    ));

  await serveJsonRpc({
    input: process.stdin,
    output: process.stdout,
    handle: async (method, params, context) => (await getSession()).call(method, params, context),
    toError: (error) => (session ? session.then((s) => s.toRpcError(error), () => toRpcError(error)) : toRpcError(error)),
  });
  if (session) await session.then((s) => s.close(), () => {});
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${logLine("ERROR", error?.stack ?? String(error))}\n`);
    process.exit(1);
  },
);
