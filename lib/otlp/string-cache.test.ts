import { describe, expect, it } from "vitest";
import { decodeUtf8, MAX_INTERNED_BYTES, StringCache } from "./string-cache";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("StringCache", () => {
  it("returns the same string for the same bytes, wherever they sit", () => {
    const cache = new StringCache();
    const a = bytes("xxhttp.request.method");
    const b = bytes("http.request.method!!");
    const first = cache.get(a, 2, 19);
    expect(first).toBe("http.request.method");
    expect(cache.get(b, 0, 19)).toBe(first);
  });

  it("decodes UTF-8 and maps invalid bytes to U+FFFD", () => {
    const cache = new StringCache();
    expect(cache.get(bytes("héllo ✓"), 0, bytes("héllo ✓").length)).toBe("héllo ✓");
    expect(cache.get(Uint8Array.from([0x41, 0xff]), 0, 2)).toBe("A\ufffd");
    expect(cache.get(new Uint8Array(0), 0, 0)).toBe("");
  });

  it("copies the bytes it compares against: a reused request buffer cannot fool it", () => {
    // Two same-length strings that land in the same slot (FNV-1a, 4096 slots)...
    const slot = (s: string) => {
      let h = 0x811c9dc5;
      for (const b of bytes(s)) h = Math.imul(h ^ b, 0x01000193);
      return h & 4095;
    };
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null; i++) {
      const s = `v${String(i).padStart(6, "0")}`;
      const other = seen.get(slot(s));
      if (other !== undefined) pair = [other, s];
      else seen.set(slot(s), s);
    }
    const [first, second] = pair;
    // ...and a Buffer body, whose slice() is a view, reused for the next request.
    const cache = new StringCache();
    const body = Buffer.from(first);
    expect(cache.get(body, 0, body.length)).toBe(first);
    body.write(second);
    expect(cache.get(Buffer.from(second), 0, body.length)).toBe(second);
  });

  it("stays correct when thousands of strings compete for its slots", () => {
    const cache = new StringCache();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 20_000; i++) {
        const s = `key-${i}-${"x".repeat(i % 30)}`.slice(0, MAX_INTERNED_BYTES);
        expect(cache.get(bytes(s), 0, bytes(s).length)).toBe(s);
      }
    }
  });
});

describe("decodeUtf8", () => {
  it("decodes ASCII, non-ASCII and long text", () => {
    const long = "a".repeat(10_000);
    for (const s of ["", "plain ascii", "naïve café ✓ 😀", long, `${long}é`]) {
      const b = bytes(`__${s}`);
      expect(decodeUtf8(b, 2, b.length - 2)).toBe(s);
    }
  });
});
