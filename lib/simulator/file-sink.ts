// Appends flow-log lines to files under one folder (created on first use), the layout the
// collector's file sources tail.
import fs from "node:fs";
import path from "node:path";
import type { LineSink } from "./network-recorder";

export function fileSink(dir: string): LineSink {
  const made = new Set<string>();
  return (relativePath, lines) => {
    const file = path.join(dir, relativePath);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    fs.appendFileSync(file, lines.join("\n") + "\n");
  };
}
