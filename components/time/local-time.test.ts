import { describe, expect, it } from "vitest";
import { fromLocalInput, toLocalInput } from "./local-time";

describe("local time inputs", () => {
  it("round-trips a minute through the input's local wall-clock form", () => {
    const ms = Date.UTC(2026, 10, 27, 4, 30);
    const v = toLocalInput(ms);
    expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(fromLocalInput(v)).toBe(ms);
    expect(new Date(fromLocalInput(v)).getMinutes()).toBe(new Date(ms).getMinutes());
  });
  it("drops seconds, and treats empty or bad input as no time", () => {
    const ms = Date.UTC(2026, 0, 1, 12, 0, 42);
    expect(fromLocalInput(toLocalInput(ms))).toBe(ms - 42_000);
    expect(toLocalInput(null)).toBe("");
    expect(fromLocalInput("")).toBeNaN();
    expect(fromLocalInput("soon")).toBeNaN();
  });
});
