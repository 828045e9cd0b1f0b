import "server-only";
// The admin API (clusters and tokens) takes `Authorization: Bearer <admin token>`. The token is
// STRATA_ADMIN_TOKEN when set; otherwise one is generated on first start into
// <data dir>/admin-token (mode 0600), where the CLI on the same machine finds it. Nothing about
// the admin token is ever stored in the database.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { bearerToken } from "./authenticate";

export const ADMIN_TOKEN_FILE = "admin-token";

export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_TOKEN_FILE);
}

/** The admin token in force, creating the token file when neither it nor the env var exists. */
export function ensureAdminToken(): string {
  const e = env();
  if (e.STRATA_ADMIN_TOKEN) return e.STRATA_ADMIN_TOKEN;
  const file = adminTokenPath(e.STRATA_DATA_DIR);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(e.STRATA_DATA_DIR, { recursive: true });
  const token = "strata_admin_" + randomBytes(24).toString("base64url");
  try {
    writeFileSync(file, token + "\n", { mode: 0o600, flag: "wx" });
    return token;
  } catch (err) {
    // Another process wrote it first: theirs is the one in force.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw err;
  }
}

export function requireAdmin(request: Request): void {
  const given = Buffer.from(bearerToken(request));
  const expected = Buffer.from(ensureAdminToken());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError("unauthorized", "admin token required");
  }
}
