// Follows one file, identified by device and inode (not by name: a rotated file keeps its inode
// under a new name), from a byte offset. Reads are synchronous and return complete lines only;
// the offset moves past a line only once it is returned, so the offset is always exactly "every
// line before it was processed" — what the checkpoint stores. A partial last line is read again
// on the next call, once its newline has been written.
import { createHash } from "node:crypto";
import fs from "node:fs";

/**
 * Bytes of the file start whose digest is the file's fingerprint: a file truncated and
 * rewritten differs there. 1 KiB spans several records, so lines that share a long common
 * prefix (a VPC line starts with version, account and ENI) still tell files apart.
 */
export const HEAD_BYTES = 1024;
const CR = 13;

export interface TailerState {
  path: string;
  dev: number;
  ino: number;
  offset: number;
  lineNo: number;
  head: string;
}

export interface ReadLines {
  lines: string[];
  /** line number of lines[0] (1-based) */
  firstLineNo: number;
  /** lines longer than the chunk size, skipped */
  overlong: number;
}

export function identityKey(dev: number, ino: number): string {
  return `${dev}:${ino}`;
}

/** "length:sha1" of the first `length` (at most HEAD_BYTES) bytes. */
export function readHead(fd: number, length = HEAD_BYTES): string {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(fd, buf, 0, length, 0);
  return `${n}:${createHash("sha1").update(buf.subarray(0, n)).digest("hex")}`;
}

/** Does the file behind `fd` still start as the fingerprint `head` says? */
export function sameHead(fd: number, head: string): boolean {
  const length = Number(head.slice(0, head.indexOf(":")));
  return Number.isInteger(length) && readHead(fd, length) === head;
}

export class FileTailer {
  path: string;
  readonly dev: number;
  readonly ino: number;
  private fd: number;
  private offset: number;
  private lineNo: number;
  private head: string;
  /** inside a line longer than the chunk: skip to its end */
  private skipping = false;
  /** truncations seen (copytruncate rotation) */
  truncations = 0;
  /** when the file last changed size: an orphan quiet for long enough is closed */
  lastGrowthMs = Date.now();
  private lastSize: number;

  constructor(path: string, fd: number, stat: fs.Stats, start: { offset: number; lineNo: number }) {
    this.path = path;
    this.fd = fd;
    this.dev = stat.dev;
    this.ino = stat.ino;
    // An offset past the end means the file was truncated while nobody was reading it.
    const fits = start.offset <= stat.size;
    this.offset = fits ? start.offset : 0;
    this.lineNo = fits ? start.lineNo : 0;
    this.head = readHead(fd);
    this.lastSize = stat.size;
  }

  get key(): string {
    return identityKey(this.dev, this.ino);
  }

  get position(): number {
    return this.offset;
  }

  /** Bytes written to the file and not yet read. */
  lag(): number {
    try {
      return Math.max(0, fs.fstatSync(this.fd).size - this.offset);
    } catch {
      return 0;
    }
  }

  state(): TailerState {
    return { path: this.path, dev: this.dev, ino: this.ino, offset: this.offset, lineNo: this.lineNo, head: this.head };
  }

  /**
   * Call once per round. Detects copytruncate: the file got shorter than our offset, or its first bytes changed (it
   * was truncated and has grown past our offset again). Restarts from the beginning then.
   */
  checkTruncation(): boolean {
    const size = fs.fstatSync(this.fd).size;
    if (size !== this.lastSize) {
      this.lastSize = size;
      this.lastGrowthMs = Date.now();
    }
    if (size >= this.offset && sameHead(this.fd, this.head)) {
      // A file shorter than HEAD_BYTES at first: take a longer fingerprint once it has grown.
      if (!this.head.startsWith(`${HEAD_BYTES}:`) && size > Number(this.head.split(":")[0])) this.head = readHead(this.fd);
      return false;
    }
    this.offset = 0;
    this.lineNo = 0;
    this.skipping = false;
    this.head = readHead(this.fd);
    this.truncations++;
    return true;
  }

  /** Complete lines from the offset, reading at most `maxBytes`; null when nothing new. */
  read(maxBytes: number): ReadLines | null {
    const buf = Buffer.allocUnsafe(maxBytes);
    const n = fs.readSync(this.fd, buf, 0, maxBytes, this.offset);
    if (n === 0) return null;
    const chunk = buf.subarray(0, n);
    let start = 0;
    let overlong = 0;
    if (this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.offset += n;
        return { lines: [], firstLineNo: this.lineNo + 1, overlong: 0 };
      }
      this.skipping = false;
      this.lineNo++;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < start) {
      if (n === maxBytes && start === 0) {
        // A whole chunk without a newline: a line too long to be a flow record. Skip it.
        this.skipping = true;
        this.offset += n;
        overlong++;
        return { lines: [], firstLineNo: this.lineNo + 1, overlong };
      }
      this.offset += start;
      return start > 0 ? { lines: [], firstLineNo: this.lineNo + 1, overlong } : null;
    }
    const end = last > start && chunk[last - 1] === CR ? last - 1 : last;
    const text = chunk.toString("utf8", start, end);
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.length > 0 && l.charCodeAt(l.length - 1) === CR) lines[i] = l.slice(0, -1);
    }
    const firstLineNo = this.lineNo + 1;
    this.lineNo += lines.length;
    this.offset += last + 1;
    return { lines, firstLineNo, overlong };
  }

  /** The last line of a file that ended without a newline (after rotation, it will not get one). */
  readFinalPartial(): ReadLines | null {
    const size = fs.fstatSync(this.fd).size;
    if (size <= this.offset || this.skipping) return null;
    const buf = Buffer.alloc(size - this.offset);
    fs.readSync(this.fd, buf, 0, buf.length, this.offset);
    this.offset = size;
    this.lineNo++;
    return { lines: [buf.toString("utf8").replace(/\r$/, "")], firstLineNo: this.lineNo, overlong: 0 };
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
