// Minimal glob matching for flow-log sources, with node:fs only: `*` and `?` within one path
// segment, `[abc]` / `[a-z]` / `[!x]` classes, and `**` for any number of directories.
// Enough for "/var/log/vpc/*.log" and "/var/log/hubble/**/flows-*.json"; no braces, no extglob.
import fs from "node:fs";
import path from "node:path";

const SPECIAL = /[*?[]/;

export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        // "**/" matches zero or more whole directories; a trailing "**" anything below
        const slash = pattern[i + 2] === "/";
        re += slash ? "(?:[^/]*/)*" : ".*";
        i += slash ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end === -1) re += "\\[";
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The directory to walk from: the pattern's segments before the first wildcard. */
export function globBase(pattern: string): string {
  const segments = pattern.split("/");
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (SPECIAL.test(s)) break;
    fixed.push(s);
  }
  const base = fixed.join("/");
  return base === "" ? (pattern.startsWith("/") ? "/" : ".") : base;
}

/** Regular files matching `pattern` (absolute paths). Unreadable directories are skipped. */
export function listGlob(pattern: string, maxFiles = 10_000): string[] {
  const absolute = path.resolve(pattern);
  const matcher = globToRegExp(absolute);
  const recursive = absolute.includes("**");
  const maxDepth = recursive ? 32 : absolute.split("/").length - globBase(absolute).split("/").length;
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= maxFiles) return;
      const full = path.join(dir, e.name);
      if (e.isFile() && matcher.test(full)) out.push(full);
      else if (e.isDirectory() && depth + 1 < maxDepth) walk(full, depth + 1);
    }
  };
  walk(globBase(absolute), 0);
  return out.sort();
}

/** Regular files directly in `dir`, skipping hidden and compressed files (rotated archives). */
export function listDirectory(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith(".") && !/\.(gz|bz2|xz|zst|zip)$/.test(e.name))
    .map((e) => path.join(path.resolve(dir), e.name))
    .sort();
}
