// `strata-simulate`: runs the payments simulator. See README.md beside this file.
import { parseArgs } from "node:util";
import { startControlServer } from "./control-server";
import { parseDuration } from "./durations";
import { faultNames } from "./faults";
import { startSimulator } from "./simulator";

const HELP = `strata-simulate [options]
  --endpoint URL     OTLP/HTTP traces URL (default http://127.0.0.1:4318/v1/traces, the collector agent)
  --token TOKEN      bearer token, when sending to Strata's /v1/traces directly (or STRATA_TOKEN)
  --seed N           seed for a reproducible run (default 42)
  --rate N           requests per second at the gateway (default 5)
  --backfill DUR     history to generate first (default 1h; 0 for none)
  --flow-dir DIR     folder for VPC Flow Logs, Lattice and Hubble files and ground-truth.json (default ./data/simulator)
  --fault NAME       start a fault now (repeatable): ${faultNames.join(", ")}
  --target X         its target: service, "service:operation" or "client->server"
  --duration DUR     its duration (default 5m)
  --control-port N   HTTP control API port (default 4319; 0 = none)
  --once             backfill only, then exit`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: "string", default: "http://127.0.0.1:4318/v1/traces" },
      token: { type: "string" },
      seed: { type: "string", default: "42" },
      rate: { type: "string", default: "5" },
      backfill: { type: "string", default: "1h" },
      "flow-dir": { type: "string", default: "./data/simulator" },
      fault: { type: "string", multiple: true },
      target: { type: "string", multiple: true },
      duration: { type: "string", default: "5m" },
      "control-port": { type: "string", default: "4319" },
      once: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const durationMs = parseDuration(values.duration);
  const sim = startSimulator({
    endpoint: values.endpoint,
    token: values.token ?? process.env.STRATA_TOKEN,
    seed,
    ratePerSecond: Number(values.rate),
    backfillMs: values.backfill === "0" ? 0 : parseDuration(values.backfill),
    flowDir: values["flow-dir"],
    live: !values.once,
    faults: (values.fault ?? []).map((name, i) => ({ name, target: values.target?.[i], durationMs })),
    log: (m) => console.log(`[simulator] ${m}`),
  });
  const controlPort = Number(values["control-port"]);
  const control = controlPort > 0 && !values.once ? await startControlServer(sim, controlPort) : null;
  if (control) console.log(`[simulator] control API at ${control.url} (GET/POST /faults, DELETE /faults/:id, GET /status)`);
  const shutdown = async () => {
    await control?.close();
    await sim.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  await sim.ready;
  if (values.once) await shutdown();
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`[simulator] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
