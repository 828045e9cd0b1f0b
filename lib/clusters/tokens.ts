import "server-only";
// Clusters and their ingest tokens. A token is shown once, at creation; only its sha256 is
// stored, so a database leak does not leak credentials. Tokens are long random strings, which
// makes a plain (unsalted) hash safe and lets a lookup be one unique-index probe.
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/api/errors";
import type { Database } from "@/lib/db/database";
import { prismaFor } from "@/lib/db/prisma";

const TOKEN_PREFIX = "strata_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): string {
  return TOKEN_PREFIX + randomBytes(24).toString("base64url");
}

export interface ClusterSummary {
  id: number;
  name: string;
  createdAt: string;
  tokens: { id: number; prefix: string; createdAt: string; revokedAt: string | null }[];
}

export const clusterNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export async function createCluster(db: Database, name: string): Promise<{ cluster: ClusterSummary; token: string }> {
  if (!clusterNamePattern.test(name)) {
    throw new AppError("bad_request", "name: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
  const prisma = prismaFor(db);
  const existing = await prisma.cluster.findUnique({ where: { name } });
  if (existing) throw new AppError("conflict", `cluster "${name}" already exists`);
  const cluster = await prisma.cluster.create({ data: { name } });
  const token = await issueToken(db, cluster.id);
  return { cluster: await getCluster(db, cluster.id), token };
}

export async function issueToken(db: Database, clusterId: number): Promise<string> {
  const token = newToken();
  await prismaFor(db).ingestToken.create({
    data: { clusterId, tokenHash: hashToken(token), tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6) },
  });
  return token;
}

export async function revokeToken(db: Database, tokenId: number): Promise<void> {
  const r = await prismaFor(db).ingestToken.updateMany({
    where: { id: tokenId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (r.count === 0) throw new AppError("not_found", `no active token with id ${tokenId}`);
}

export async function getCluster(db: Database, id: number): Promise<ClusterSummary> {
  const c = await prismaFor(db).cluster.findUnique({ where: { id }, include: { tokens: { orderBy: { id: "asc" } } } });
  if (!c) throw new AppError("not_found", `no cluster with id ${id}`);
  return summarise(c);
}

export async function listClusters(db: Database): Promise<ClusterSummary[]> {
  const all = await prismaFor(db).cluster.findMany({ orderBy: { id: "asc" }, include: { tokens: { orderBy: { id: "asc" } } } });
  return all.map(summarise);
}

export async function findClusterByName(db: Database, name: string): Promise<ClusterSummary | null> {
  const c = await prismaFor(db).cluster.findUnique({ where: { name }, include: { tokens: { orderBy: { id: "asc" } } } });
  return c ? summarise(c) : null;
}

function summarise(c: {
  id: number;
  name: string;
  createdAt: Date;
  tokens: { id: number; tokenPrefix: string; createdAt: Date; revokedAt: Date | null }[];
}): ClusterSummary {
  return {
    id: c.id,
    name: c.name,
    createdAt: c.createdAt.toISOString(),
    tokens: c.tokens.map((t) => ({
      id: t.id,
      prefix: t.tokenPrefix,
      createdAt: t.createdAt.toISOString(),
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  };
}
