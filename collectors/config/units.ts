// Sizes and durations as people write them in YAML ("512MiB", "30s") or as plain numbers
// (bytes, milliseconds). Each parser says what it accepts when the value is wrong.
import { z } from "zod";

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i;
const SIZE_FACTORS: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i;
const DURATION_FACTORS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function parseWith(re: RegExp, factors: Record<string, number>, fallbackUnit: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = re.exec(value.trim());
  if (!m) return value; // left for zod to refuse with the message below
  return Math.round(Number(m[1]) * factors[(m[2] ?? fallbackUnit).toLowerCase()]);
}

/** Bytes: a number, or "64MiB", "1GiB", "500kB". */
export const byteSize = z.preprocess(
  (v) => parseWith(SIZE, SIZE_FACTORS, "b", v),
  z.number({ message: 'expected bytes: a number or a size like "512MiB"' }).int().positive(),
);

/** Milliseconds: a number, or "250ms", "5s", "2m", "1h". */
export const duration = z.preprocess(
  (v) => parseWith(DURATION, DURATION_FACTORS, "ms", v),
  z.number({ message: 'expected a duration: milliseconds or a value like "5s"' }).int().nonnegative(),
);

/** "host:port" or ":port"; port 0 asks the system for a free one (tests). */
export const listenAddress = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, 'expected "host:port", e.g. "0.0.0.0:4318"')
  .refine((v) => Number(v.slice(v.lastIndexOf(":") + 1)) <= 65535, "port must be 0-65535");

export function splitListen(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(":");
  const host = address.slice(0, i).replace(/^\[|\]$/g, "");
  return { host: host === "" ? "0.0.0.0" : host, port: Number(address.slice(i + 1)) };
}
