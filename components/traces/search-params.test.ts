import { describe, expect, it } from "vitest";
import { traceSearchQuerySchema } from "@/lib/contracts/traces";
import { DEFAULT_SEARCH, decodeSearch, encodeSearch, searchApiParams, type TraceSearchState } from "./search-params";

const decode = (qs: string) => decodeSearch(new URLSearchParams(qs));

describe("trace search URL codec", () => {
  it("round-trips every filter", () => {
    const s: TraceSearchState = {
      service: "checkout", operation: "POST /pay", minDurationMs: 12.5, maxDurationMs: 900, errorsOnly: true,
      range: null, from: 1_700_000_000_000, to: 1_700_000_600_000, cluster: "prod-eu", sort: "longest", offset: 50,
    };
    expect(decode(encodeSearch(s))).toEqual(s);
  });
  it("writes nothing for the defaults and decodes an empty query to them", () => {
    expect(encodeSearch(DEFAULT_SEARCH)).toBe("");
    expect(decode("")).toEqual(DEFAULT_SEARCH);
  });
  it("falls back field by field on a hand-edited link", () => {
    const s = decode("service=%20&operation=x&minMs=-3&maxMs=abc&range=forever&sort=random&offset=-5&errors=yes&from=9&to=3");
    expect(s).toEqual(DEFAULT_SEARCH);
  });
  it("drops an operation without a service and swaps an inverted duration range", () => {
    expect(decode("operation=GET").operation).toBeNull();
    expect(decode("minMs=500&maxMs=20")).toMatchObject({ minDurationMs: 20, maxDurationMs: 500 });
  });
  it("builds API parameters the server's contract accepts", () => {
    const s = decode("service=web&operation=GET%20%2F&minMs=5&errors=1&range=6h&sort=oldest&offset=25&cluster=c1");
    const api = searchApiParams(s);
    expect(api).toEqual({ limit: "25", sort: "oldest", offset: "25", range: "6h", service: "web", operation: "GET /", minDurationMs: "5", errorsOnly: "true", cluster: "c1" });
    expect(traceSearchQuerySchema.parse(api)).toMatchObject({ service: "web", errorsOnly: true, offset: 25, limit: 25 });
  });
});
