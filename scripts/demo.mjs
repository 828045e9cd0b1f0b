#!/usr/bin/env node
// `npm run demo -- --fault NAME [--target X] [--duration 5m]`: injects a fault into the simulator
// that `npm start` runs (through its control API on 127.0.0.1:4319). With no simulator running,
// it starts one with the same arguments (see lib/simulator/README.md).
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import path from "node:path";

const CONTROL = process.env.STRATA_SIMULATOR_CONTROL ?? "http://127.0.0.1:4319";
const argv = process.argv.slice(2);
const running = await fetch(`${CONTROL}/status`).then((r) => r.ok).catch(() => false);

if (!running || argv.includes("--help") || argv.includes("-h")) {
  const child = spawn(process.execPath, [path.join(process.cwd(), "bin/strata-simulate.mjs"), ...argv], { stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  const { values } = parseArgs({
    args: argv,
    options: { fault: { type: "string", multiple: true }, target: { type: "string", multiple: true }, duration: { type: "string" } },
    strict: false,
  });
  if (!values.fault?.length) {
    const res = await fetch(`${CONTROL}/faults`);
    console.log(JSON.stringify(await res.json(), null, 2));
  }
  for (const [i, name] of (values.fault ?? []).entries()) {
    const res = await fetch(`${CONTROL}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, target: values.target?.[i], duration: values.duration }),
    });
    const body = await res.json();
    if (!res.ok) {
      console.error(`fault ${name}: ${body.error}`);
      process.exitCode = 1;
    } else console.log(`fault started: ${JSON.stringify(body)}`);
  }
}
