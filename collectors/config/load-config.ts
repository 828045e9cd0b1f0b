// Loads the configuration once at start: YAML file, then environment variables over it, then
// command-line flags over both; validated by the schema; the token file read. Any problem is a
// ConfigError whose message names each bad field, so the agent fails fast and says why.
import fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { ZodError } from "zod";
import { configFromEnv } from "./env";
import type { ParsedFlags } from "./flags";
import { configSchema, type CollectorConfig } from "./schema";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export interface LoadedConfig extends CollectorConfig {
  /** the ingest token, from server.token or the content of server.tokenFile */
  token: string;
}

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep merge: objects merge key by key; arrays and scalars of `over` replace. */
export function mergeConfig(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlain(v) && isPlain(out[k]) ? mergeConfig(out[k] as Plain, v) : v;
  }
  return out;
}

function readConfigFile(file: string): Plain {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlain(doc)) throw new ConfigError(`config file ${file}: the top level must be a mapping of settings`);
  return doc;
}

export function formatZodError(err: ZodError, origin: string): string {
  const lines = err.issues.map((i) => {
    const message = /received undefined$/.test(i.message) ? "required" : i.message;
    return `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${message}`;
  });
  return `invalid collector configuration (${origin}):\n${lines.join("\n")}`;
}

/** Validates a merged configuration object; reads the token file. */
export function resolveConfig(raw: unknown, origin = "given object"): LoadedConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(formatZodError(parsed.error, origin));
  const config = parsed.data;
  let token = config.server.token;
  if (token === undefined) {
    const file = config.server.tokenFile!;
    try {
      token = fs.readFileSync(file, "utf8").trim();
    } catch (err) {
      throw new ConfigError(`invalid collector configuration (${origin}):\n  server.tokenFile: cannot read ${file}: ${(err as Error).message}`);
    }
    if (token === "") throw new ConfigError(`invalid collector configuration (${origin}):\n  server.tokenFile: ${file} is empty`);
  }
  return { ...config, token };
}

/** File (from --config or STRATA_COLLECTOR_CONFIG), then env, then flags. */
export function loadConfig(flags: ParsedFlags, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const file = flags.configFile ?? env.STRATA_COLLECTOR_CONFIG;
  const fromFile = file ? readConfigFile(file) : {};
  const merged = mergeConfig(mergeConfig(fromFile, configFromEnv(env)), flags.overrides);
  const origins = [file ? `file ${file}` : null, "environment", "flags"].filter(Boolean).join(" + ");
  return resolveConfig(merged, origins);
}
