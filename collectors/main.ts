// `strata-collector`: the agent's process. Loads and validates the configuration (a wrong one
// exits 2 with the field named), starts the agent, and shuts it down on SIGTERM/SIGINT within
// the configured deadline. A second signal during shutdown is ignored (shutdown is idempotent);
// a third one exits at once.
import v8 from "node:v8";
import { Agent } from "./agent/agent";
import { ConfigError, loadConfig } from "./config/load-config";
import { FlagError, parseFlags, USAGE } from "./config/flags";

async function main(): Promise<number> {
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FlagError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  let config;
  try {
    config = loadConfig(flags);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (flags.checkConfig) {
    console.log(JSON.stringify({ ...config, token: "(hidden)", server: { ...config.server, token: config.server.token ? "(hidden)" : undefined } }, null, 2));
    return 0;
  }

  // A V8 heap cap far below the hard limit would crash the process before the limiter acts.
  const heapMiB = v8.getHeapStatistics().heap_size_limit / (1024 * 1024);
  if (heapMiB < config.memory.hardLimitMiB - 150) {
    console.warn(`[collector] V8 heap limit ${heapMiB.toFixed(0)} MiB is far below memory.hardLimitMiB ${config.memory.hardLimitMiB}: set STRATA_COLLECTOR_MEMORY_HARD_MIB or NODE_OPTIONS=--max-old-space-size`);
  }

  const agent = new Agent(config);
  let signals = 0;
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals === 3) process.exit(130);
      console.log(`[collector] ${signal}: stopping intake, flushing, sending what fits in ${config.shutdown.deadline} ms`);
      void agent.shutdown().then(resolve);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
  try {
    await agent.start();
  } catch (err) {
    console.error(`[collector] could not start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  await stopped;
  console.log("[collector] stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error("[collector] fatal:", err);
    process.exit(1);
  },
);
