// The commit record of the agent: which epoch of queued batches is complete, how far the intake
// journal has been turned into batches, and where each tailed file was read up to. Written
// atomically (temp file, fsync, rename) after a cut's batches are on disk, so after a crash the
// agent resumes exactly after the last committed cut: journal records and file lines after it
// are replayed, batches of a later epoch are discarded, nothing is counted twice or skipped.
import path from "node:path";
import { z } from "zod";
import { readJsonFileSync, writeFileAtomic } from "./atomic-file";

const position = z.object({ segment: z.number().int().nonnegative(), offset: z.number().int().nonnegative() });

export const tailOffsetSchema = z.object({
  /** the source this file belongs to (its index-stable description) */
  source: z.string(),
  path: z.string(),
  dev: z.number(),
  ino: z.number(),
  /** bytes of complete lines consumed */
  offset: z.number().int().nonnegative(),
  /** lines consumed, for line numbers in rejection reports */
  lineNo: z.number().int().nonnegative(),
  /** "length:sha1" of the file's first bytes: tells a truncated-and-rewritten file from the same one */
  head: z.string(),
});
export type TailOffset = z.infer<typeof tailOffsetSchema>;

export const checkpointSchema = z.object({
  version: z.literal(1),
  epoch: z.number().int().nonnegative(),
  /** next journal record not yet reflected in a committed batch */
  journal: position,
  /** first journal record still needed to rebuild the span pairer's waiting state */
  rehydrateFrom: position,
  /** the pairer's clock at the cut: expiries up to it were shipped */
  pairerClockMs: z.number().nonnegative(),
  tails: z.array(tailOffsetSchema),
  writtenAtMs: z.number(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const INITIAL_CHECKPOINT: Checkpoint = {
  version: 1,
  epoch: 0,
  journal: { segment: 1, offset: 0 },
  rehydrateFrom: { segment: 1, offset: 0 },
  pairerClockMs: 0,
  tails: [],
  writtenAtMs: 0,
};

export function checkpointFile(dataDir: string): string {
  return path.join(dataDir, "checkpoint.json");
}

export function readCheckpoint(dataDir: string): Checkpoint | null {
  return readJsonFileSync(checkpointFile(dataDir), (v) => checkpointSchema.parse(v));
}

export function writeCheckpoint(dataDir: string, checkpoint: Checkpoint): Promise<void> {
  return writeFileAtomic(checkpointFile(dataDir), JSON.stringify(checkpoint));
}
