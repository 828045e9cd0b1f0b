// The files of one configured source (a path, a glob or a directory), tracked by inode:
//  - rename rotation (flows.log → flows.log.1, new flows.log): the old inode is no longer under
//    the source's names; it is read to its end (the writer may still finish a line) and closed
//    once it has been quiet for `rotateWaitMs`; the new file is read from its first byte;
//  - copytruncate: the tailer sees the file shrink (or its first bytes change) and restarts at 0;
//  - restart: each file resumes at its checkpointed offset when its inode and first bytes still
//    match; a checkpointed file that was rotated away while the agent was down is looked for by
//    inode beside its old name and finished from its offset.
import fs from "node:fs";
import path from "node:path";
import type { SourceConfig } from "../../config/schema";
import { FlowLineDecoder } from "../../processors/flow-line-decoder";
import type { TailOffset } from "../../queue/checkpoint";
import { FileTailer, identityKey, sameHead } from "./file-tailer";
import { listDirectory, listGlob } from "./glob";

export interface TrackedFile {
  tailer: FileTailer;
  decoder: FlowLineDecoder;
  /** no longer under the source's names: read to the end, then closed */
  orphaned: boolean;
}

export interface WatcherEvents {
  warn(message: string): void;
}

const PRIME_BYTES = 64 * 1024;

/** A stable id for a source, stored with its offsets: its kind and target. */
export function sourceId(source: SourceConfig): string {
  if (source.path) return `path:${source.path}`;
  if (source.glob) return `glob:${source.glob}`;
  if (source.dir) return `dir:${source.dir}`;
  return "stdin";
}

export class SourceWatcher {
  readonly id: string;
  private readonly files = new Map<string, TrackedFile>();
  private saved: Map<string, TailOffset>;
  private firstDiscovery = true;

  constructor(
    private readonly source: SourceConfig,
    saved: readonly TailOffset[],
    private readonly events: WatcherEvents,
  ) {
    this.id = sourceId(source);
    this.saved = new Map(saved.filter((s) => s.source === this.id).map((s) => [identityKey(s.dev, s.ino), s]));
  }

  tracked(): TrackedFile[] {
    return [...this.files.values()];
  }

  offsets(): TailOffset[] {
    return this.tracked().map((f) => ({ source: this.id, ...f.tailer.state() }));
  }

  /** Looks for new, rotated and vanished files. */
  discover(): void {
    const seen = new Set<string>();
    for (const file of this.list()) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue; // vanished between listing and stat
      }
      if (!stat.isFile()) continue;
      const key = identityKey(stat.dev, stat.ino);
      seen.add(key);
      const known = this.files.get(key);
      if (known) {
        known.tailer.path = file;
        known.orphaned = false;
      } else this.open(file, key);
    }
    for (const [key, f] of this.files) if (!seen.has(key)) f.orphaned = true;
    if (this.firstDiscovery) this.findRotatedAway();
    this.firstDiscovery = false;
  }

  /** Stops following a file (an orphan read to its end). */
  forget(file: TrackedFile): void {
    file.tailer.close();
    this.files.delete(file.tailer.key);
  }

  close(): void {
    for (const f of this.files.values()) f.tailer.close();
    this.files.clear();
  }

  private list(): string[] {
    if (this.source.path) return fs.existsSync(this.source.path) ? [path.resolve(this.source.path)] : [];
    if (this.source.glob) return listGlob(this.source.glob);
    if (this.source.dir) return listDirectory(this.source.dir);
    return [];
  }

  private open(file: string, key: string, orphaned = false): void {
    let fd: number;
    try {
      fd = fs.openSync(file, "r");
    } catch (err) {
      this.events.warn(`cannot open ${file}: ${(err as Error).message}`);
      return;
    }
    const stat = fs.fstatSync(fd);
    const saved = this.saved.get(key);
    this.saved.delete(key);
    let start = { offset: 0, lineNo: 0 };
    if (saved && sameHead(fd, saved.head)) start = { offset: saved.offset, lineNo: saved.lineNo };
    else if (saved) this.events.warn(`${file} was rewritten since the last run: reading it from the start`);
    else if (this.firstDiscovery && this.source.startAt === "end") start = { offset: stat.size, lineNo: 0 };
    const tailer = new FileTailer(file, fd, stat, start);
    const decoder = new FlowLineDecoder(this.source.format, this.source.vpcFields);
    if (tailer.position > 0) decoder.prime(firstLines(fd));
    this.files.set(key, { tailer, decoder, orphaned });
  }

  /** Checkpointed files no longer under the source's names: finish them if they still exist. */
  private findRotatedAway(): void {
    for (const [key, saved] of this.saved) {
      const dir = path.dirname(saved.path);
      let found: string | null = null;
      try {
        for (const name of fs.readdirSync(dir)) {
          const st = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
          if (st?.isFile() && identityKey(st.dev, st.ino) === key) {
            found = path.join(dir, name);
            break;
          }
        }
      } catch {
        // the directory is gone too
      }
      if (found) this.open(found, key, true);
      else this.events.warn(`${saved.path} (inode ${saved.ino}) is gone: lines written after byte ${saved.offset} before its rotation were not read`);
    }
    this.saved.clear();
  }
}

function firstLines(fd: number): string[] {
  const buf = Buffer.alloc(PRIME_BYTES);
  const n = fs.readSync(fd, buf, 0, PRIME_BYTES, 0);
  const text = buf.subarray(0, n).toString("utf8");
  const lines = text.split("\n");
  if (!text.endsWith("\n")) lines.pop();
  return lines.slice(0, 20);
}
