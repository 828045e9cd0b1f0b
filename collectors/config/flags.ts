// Command-line flags: the few settings worth overriding per run, and --config for the file.
// Unknown flags are an error naming the flag (a typo must not be silently ignored).
import { setPath } from "./env";

export interface ParsedFlags {
  configFile?: string;
  /** validate the configuration, print it (token hidden) and exit */
  checkConfig: boolean;
  help: boolean;
  overrides: Record<string, unknown>;
}

const VALUE_FLAGS: Record<string, string> = {
  "--server-url": "server.url",
  "--token-file": "server.tokenFile",
  "--cluster": "cluster",
  "--data-dir": "dataDir",
  "--otlp-http-listen": "otlp.http.listen",
  "--otlp-grpc-listen": "otlp.grpc.listen",
  "--metrics-listen": "metrics.listen",
};

export const USAGE = `usage: strata-collector [--config file.yaml] [options]
  --config FILE            YAML configuration (or STRATA_COLLECTOR_CONFIG)
  --server-url URL         Strata server base URL
  --token-file FILE        file holding the cluster's ingest token
  --cluster NAME           cluster name
  --data-dir DIR           journal, queue and checkpoint folder
  --otlp-http-listen ADDR  OTLP/HTTP receiver address (default 0.0.0.0:4318)
  --otlp-grpc-listen ADDR  OTLP/gRPC receiver address (default 0.0.0.0:4317)
  --no-otlp-grpc           no OTLP/gRPC receiver
  --metrics-listen ADDR    /healthz, /readyz, /metrics address (default 0.0.0.0:8888)
  --source PATH|GLOB       tail flow-log files (repeatable; format auto-detected)
  --stdin FORMAT           read flow-log lines from stdin (aws-vpc-flow, aws-lattice, hubble, auto)
  --check-config           validate the configuration and exit
  --help`;

export class FlagError extends Error {}

export function parseFlags(argv: readonly string[]): ParsedFlags {
  const flags: ParsedFlags = { checkConfig: false, help: false, overrides: {} };
  const sources: Record<string, unknown>[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new FlagError(`${name} needs a value`);
      return v;
    };
    if (name === "--help" || name === "-h") flags.help = true;
    else if (name === "--check-config") flags.checkConfig = true;
    else if (name === "--no-otlp-grpc") setPath(flags.overrides, "otlp.grpc.enabled", false);
    else if (name === "--config") flags.configFile = value();
    else if (name === "--source") {
      const v = value();
      sources.push(/[*?[]/.test(v) ? { glob: v } : { path: v });
    } else if (name === "--stdin") sources.push({ stdin: true, format: value() });
    else if (name in VALUE_FLAGS) setPath(flags.overrides, VALUE_FLAGS[name], value());
    else throw new FlagError(`unknown option ${name}\n${USAGE}`);
  }
  if (sources.length > 0) flags.overrides.sources = sources;
  return flags;
}
