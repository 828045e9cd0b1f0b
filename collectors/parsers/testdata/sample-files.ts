// Where the conformance tests find their samples: files vendored beside this one (licences
// allow it, see README.md here) and the shared datasets folder next to the repository, which a
// fresh clone may not have — tests reading it skip with a note instead of failing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");
export const datasetsDir = path.resolve(repoRoot, "../shared/datasets");
export const hasDatasets = fs.existsSync(datasetsDir);

if (!hasDatasets) console.warn(`[parsers tests] ${datasetsDir} is absent: dataset conformance tests are skipped`);

/** Lines of a file, without the empty string after a final newline. */
export function readLines(file: string): string[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

export function vendored(name: string): string {
  return path.join(here, name);
}

export function dataset(folder: string, name: string): string {
  return path.join(datasetsDir, folder, name);
}

/** Files of a dataset folder, SOURCE.md excluded; none when the datasets are absent (the
 *  describe blocks using it are skipped, but vitest still collects their bodies). */
export function datasetFiles(folder: string): string[] {
  if (!hasDatasets) return [];
  return fs.readdirSync(path.join(datasetsDir, folder)).filter((f) => f !== "SOURCE.md").sort();
}

/** A fixed "now" after every sample (the newest is 2025-08): tests must not depend on the clock. */
export const TEST_NOW_MS = Date.parse("2026-01-01T00:00:00Z");
