// Typed reads from parsed JSON of unknown shape. Each getter returns undefined for "absent or
// null" and throws FieldError (no stack capture) for a present value of the wrong type, so the
// parser rejects the record naming the field instead of guessing.

export class FieldError {
  constructor(readonly reason: string) {}
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function obj(parent: JsonObject, key: string, path: string): JsonObject | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new FieldError(`${path}: expected an object, got ${typeName(v)}`);
  return v;
}

export function str(parent: JsonObject, key: string, path: string): string | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new FieldError(`${path}: expected a string, got ${typeName(v)}`);
  return v;
}

/** Non-negative integer up to max; proto3 JSON writes 64-bit integers as strings, so digit strings are accepted. */
export function uint(parent: JsonObject, key: string, path: string, max: number): number | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "string" && /^\d{1,16}$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > max) {
    throw new FieldError(`${path}: ${JSON.stringify(v).slice(0, 40)} is not an integer in 0..${max}`);
  }
  return n;
}

export function bool(parent: JsonObject, key: string, path: string): boolean | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new FieldError(`${path}: expected true or false, got ${typeName(v)}`);
  return v;
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : typeof v;
}
