// Small state files (ack pointers, checkpoints, tail offsets) written so that a crash at any
// instant leaves either the old or the new content, never a mix: write a temporary file, fsync
// it, rename it over the target, fsync the directory (the rename itself lives in the directory).
import fs from "node:fs";
import path from "node:path";

/**
 * `durable: false` skips the fsyncs: still never torn (the rename is atomic), but power loss may
 * bring back the previous content. Right for state whose loss only repeats work, like an ack
 * pointer (a batch sent twice is deduplicated by the server); wrong for a checkpoint.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, durable = true): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  if (durable) fsyncDirectorySync(path.dirname(file));
}

/** The same, durable, off the event loop (fsync takes milliseconds on real disks). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.promises.open(tmp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(tmp, file);
  const dir = await fs.promises.open(path.dirname(file), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Makes a created, renamed or deleted entry of `dir` durable. */
export function fsyncDirectorySync(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The parsed JSON of `file`, or null when it does not exist. A corrupt file throws: it is never
 *  silently replaced, because it would mean losing an ack pointer or a checkpoint. */
export function readJsonFileSync<T>(file: string, validate: (value: unknown) => T): T | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  return validate(JSON.parse(text));
}
