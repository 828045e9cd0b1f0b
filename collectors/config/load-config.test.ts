import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../testing/agent-config";
import { parseFlags } from "./flags";
import { ConfigError, loadConfig, resolveConfig } from "./load-config";

const minimal = { server: { url: "http://strata:3000", token: "strata_abc" }, cluster: "prod-eu" };

function problemOf(raw: unknown): string {
  try {
    resolveConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

function writeYaml(text: string): string {
  const file = path.join(tempDir(), "collector.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("collector configuration", () => {
  it("fills every default from a minimal configuration", () => {
    const c = resolveConfig(minimal);
    expect(c.otlp.http.listen).toBe("0.0.0.0:4318");
    expect(c.otlp.grpc).toEqual({ enabled: true, listen: "0.0.0.0:4317", maxMessageBytes: 16 * 1024 * 1024 });
    expect(c.metrics.listen).toBe("0.0.0.0:8888");
    expect(c.token).toBe("strata_abc");
    expect(c.queue.maxBytes).toBe(1024 * 1024 * 1024);
    expect(c.batch).toEqual({ maxSpans: 4096, maxFlows: 10_000, maxAge: 5000 });
  });

  it.each([
    [{ cluster: "x" }, "server: required"],
    [{ ...minimal, server: { url: "ftp://x", token: "t" } }, "server.url"],
    [{ ...minimal, server: { url: "http://x" } }, "server: give exactly one of token or tokenFile"],
    [{ ...minimal, cluster: "bad name!" }, "cluster:"],
    [{ ...minimal, otlp: { http: { listen: "4318" } } }, "otlp.http.listen"],
    [{ ...minimal, otlp: { grpc: { listen: "localhost" } } }, "otlp.grpc.listen"],
    [{ ...minimal, otlp: { grpc: { maxMessageBytes: "huge" } } }, "otlp.grpc.maxMessageBytes"],
    [{ ...minimal, queue: { maxBytes: "lots" } }, "queue.maxBytes"],
    [{ ...minimal, memory: { softLimitMiB: 300, hardLimitMiB: 200 } }, "memory.softLimitMiB: softLimitMiB must be below hardLimitMiB"],
    [{ ...minimal, sources: [{ path: "/a", glob: "/b/*" }] }, "sources.0: give exactly one of path, glob, dir or stdin"],
    [{ ...minimal, sources: [{ path: "/a", format: "csv" }] }, "sources.0.format"],
    [{ ...minimal, cidrNames: [{ cidr: "10.0.0.0/33", name: "x" }] }, "cidrNames.0.cidr"],
    [{ ...minimal, sampling: { keepRatio: 2 } }, "sampling.keepRatio"],
    [{ ...minimal, retry: { intial: 5 } }, "retry"],
  ])("refuses %j naming the field", (raw, field) => {
    expect(problemOf(raw)).toContain(field);
  });

  it("reads YAML with sizes and durations, then lets environment and flags override it", () => {
    const dir = tempDir();
    const tokenFile = path.join(dir, "token");
    fs.writeFileSync(tokenFile, "strata_from_file\n");
    const file = writeYaml(`
server:
  url: http://strata:3000
  tokenFile: ${tokenFile}
cluster: from-file
queue:
  maxBytes: 64MiB
batch:
  maxAge: 2s
sources:
  - glob: /var/log/vpc/*.log
    format: aws-vpc-flow
cidrNames:
  - { cidr: 10.0.0.0/16, name: vpc-main }
`);
    const c = loadConfig(parseFlags(["--config", file, "--data-dir", "/tmp/x"]), { STRATA_COLLECTOR_CLUSTER: "from-env", STRATA_COLLECTOR_MEMORY_SOFT_MIB: "100" });
    expect(c.token).toBe("strata_from_file");
    expect(c.cluster).toBe("from-env");
    expect(c.dataDir).toBe("/tmp/x");
    expect(c.queue.maxBytes).toBe(64 * 1024 * 1024);
    expect(c.batch.maxAge).toBe(2000);
    expect(c.memory.softLimitMiB).toBe(100);
    expect(c.sources[0]).toMatchObject({ glob: "/var/log/vpc/*.log", format: "aws-vpc-flow", startAt: "beginning" });
    expect(c.cidrNames).toEqual([{ cidr: "10.0.0.0/16", name: "vpc-main" }]);
  });

  it("fails fast on an unreadable token file, bad YAML, and unknown flags", () => {
    expect(() => resolveConfig({ ...minimal, server: { url: "http://x", tokenFile: "/nonexistent/token" } })).toThrow(/server\.tokenFile: cannot read/);
    expect(() => loadConfig(parseFlags(["--config", writeYaml("server: [unclosed")]), {})).toThrow(/not valid YAML/);
    expect(() => parseFlags(["--sever-url", "x"])).toThrow(/unknown option --sever-url/);
    expect(() => loadConfig(parseFlags(["--config", "/nonexistent.yaml"]), {})).toThrow(/cannot read config file/);
  });

  it("turns --source and --stdin flags into sources", () => {
    const f = parseFlags(["--source", "/var/log/a.log", "--source=/var/log/*.json", "--stdin", "hubble"]);
    expect(f.overrides.sources).toEqual([{ path: "/var/log/a.log" }, { glob: "/var/log/*.json" }, { stdin: true, format: "hubble" }]);
  });

  it("configures OTLP/gRPC from YAML, the environment and flags", () => {
    const file = writeYaml(`server: { url: "http://strata:3000", token: t }\ncluster: c\notlp: { grpc: { maxMessageBytes: 4MiB } }\n`);
    const fromEnv = loadConfig(parseFlags(["--config", file]), { STRATA_COLLECTOR_OTLP_GRPC_LISTEN: "127.0.0.1:14317" });
    expect(fromEnv.otlp.grpc).toEqual({ enabled: true, listen: "127.0.0.1:14317", maxMessageBytes: 4 * 1024 * 1024 });
    expect(loadConfig(parseFlags(["--config", file, "--otlp-grpc-listen", "[::1]:4317"]), {}).otlp.grpc.listen).toBe("[::1]:4317");
    expect(loadConfig(parseFlags(["--config", file, "--no-otlp-grpc"]), {}).otlp.grpc.enabled).toBe(false);
  });
});
