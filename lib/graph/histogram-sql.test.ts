import { describe, expect, it } from "vitest";
import { BUCKET_COUNT } from "@/lib/contracts/histogram";
import { histogramSumSql } from "./histogram-sql";

describe("histogramSumSql", () => {
  it("sums every bucket of the column", () => {
    const sql = histogramSumSql("e.client_hist");
    expect(sql.match(/SUM\(e\.client_hist\[\d+\]\)/g)).toHaveLength(BUCKET_COUNT);
    expect(sql).toContain(`e.client_hist[${BUCKET_COUNT}]`);
    expect(sql.endsWith("::float8[]")).toBe(true);
  });

  it("refuses anything that is not a plain column name", () => {
    expect(() => histogramSumSql("x); DROP TABLE spans; --")).toThrow(/not a column name/);
    expect(() => histogramSumSql("Hist")).toThrow();
  });
});
