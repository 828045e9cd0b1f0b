import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment", () => {
  it("applies defaults and treats empty variables as unset", () => {
    const e = parseEnv({ DATABASE_URL: "", PORT: "3000" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.STRATA_DATA_DIR).toBe("./data");
    expect(e.STRATA_RAW_RETENTION_DAYS).toBe(7);
    expect(e.STRATA_ROLLUP_RETENTION_DAYS).toBe(90);
  });

  it("names every invalid variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", STRATA_INGEST_MAX_BODY_BYTES: "-1" })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL[\s\S]*STRATA_INGEST_MAX_BODY_BYTES/,
    );
  });
});
