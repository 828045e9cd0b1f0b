import { describe, expect, it } from "vitest";
import { effectiveTheme, parseThemeChoice, THEME_BOOT_SCRIPT, THEME_STORAGE_KEY } from "./theme";

describe("theme choice", () => {
  it("accepts light and dark, anything else means the system theme", () => {
    expect(parseThemeChoice("light")).toBe("light");
    expect(parseThemeChoice("dark")).toBe("dark");
    for (const v of [null, undefined, "", "DARK", "system", "<script>"]) expect(parseThemeChoice(v)).toBe("system");
  });

  it("resolves the system theme from prefers-color-scheme", () => {
    expect(effectiveTheme("system", true)).toBe("dark");
    expect(effectiveTheme("system", false)).toBe("light");
    expect(effectiveTheme("light", true)).toBe("light");
  });

  it("the boot script reads the toggle's key and only ever sets light or dark", () => {
    expect(THEME_BOOT_SCRIPT).toContain(JSON.stringify(THEME_STORAGE_KEY));
    const attrs: [string, string][] = [];
    for (const value of ["dark", "evil\"><b>", null]) {
      const run = new Function("localStorage", "document", THEME_BOOT_SCRIPT);
      run({ getItem: () => value }, { documentElement: { setAttribute: (k: string, v: string) => attrs.push([k, v]) } });
    }
    expect(attrs).toEqual([["data-theme", "dark"]]);
  });
});
