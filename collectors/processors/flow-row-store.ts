// The open rows of the flow rollup, as columns of typed arrays indexed by row number, one Map
// from the row's key string to its number. Why not an object per row: a VPC source whose
// addresses nobody has named yet opens about one row per line (every client address is its own
// side), and at 200 k lines/s a cut holds hundreds of thousands of rows. As objects (a row, its
// counts, a sliced address string that keeps the whole log line alive) they took about 530 bytes
// a row and were copied by every young-generation GC and traced by every full one; here a row is
// its key string, a Map entry and 56 bytes of typed arrays that the GC never looks into.
//
// The key says everything about the row except its counts and its time: minute, port, protocol
// and both sides (rowKey / parseRowKey), so nothing else is stored per row.


/** Row key: `minute \0 port \0 protocol \0 length of srcSide \0 srcSide dstSide` (unambiguous
 *  whatever the sides contain). A side is a workload name, or `\u0001address\u0001ownName` for a
 *  side not named yet. */
export function rowKey(minuteMs: number, dstPort: number, protocol: number, srcSide: string, dstSide: string): string {
  return `${minuteMs}\u0000${dstPort}\u0000${protocol}\u0000${srcSide.length}\u0000${srcSide}${dstSide}`;
}

export interface ParsedRowKey {
  minuteMs: number;
  dstPort: number;
  protocol: number;
  srcSide: string;
  dstSide: string;
}

export function parseRowKey(key: string): ParsedRowKey {
  const a = key.indexOf("\u0000");
  const b = key.indexOf("\u0000", a + 1);
  const c = key.indexOf("\u0000", b + 1);
  const d = key.indexOf("\u0000", c + 1);
  const srcEnd = d + 1 + Number(key.slice(c + 1, d));
  return {
    minuteMs: Number(key.slice(0, a)),
    dstPort: Number(key.slice(a + 1, b)),
    protocol: Number(key.slice(b + 1, c)),
    srcSide: key.slice(d + 1, srcEnd),
    dstSide: key.slice(srcEnd),
  };
}

/** An unnamed side: its address and the source's own name for it. */
export function unnamedSide(address: string, own: string | null): string {
  return `\u0001${address}\u0001${own ?? ""}`;
}

/** The address and own name of an unnamed side; null for a named one. */
export function parseUnnamedSide(side: string): { address: string; own: string | null } | null {
  if (side.charCodeAt(0) !== 1) return null;
  const end = side.indexOf("\u0001", 1);
  return { address: side.slice(1, end), own: end + 1 < side.length ? side.slice(end + 1) : null };
}

export class FlowRowStore {
  private readonly index = new Map<string, number>();
  private capacity: number;
  /** start of the row's first flow: the time its unnamed sides are resolved at */
  atMs: Float64Array;
  flows: Float64Array;
  bytes: Float64Array;
  packets: Float64Array;
  rejects: Uint32Array;
  drops: Uint32Array;
  retransmits: Uint32Array;
  l7Errors: Uint32Array;

  constructor(initialCapacity = 1024) {
    this.capacity = initialCapacity;
    this.atMs = new Float64Array(initialCapacity);
    this.flows = new Float64Array(initialCapacity);
    this.bytes = new Float64Array(initialCapacity);
    this.packets = new Float64Array(initialCapacity);
    this.rejects = new Uint32Array(initialCapacity);
    this.drops = new Uint32Array(initialCapacity);
    this.retransmits = new Uint32Array(initialCapacity);
    this.l7Errors = new Uint32Array(initialCapacity);
  }

  get size(): number {
    return this.index.size;
  }

  /** The row of `key`, or -1. */
  find(key: string): number {
    return this.index.get(key) ?? -1;
  }

  /** Opens a row (counts at zero) and returns its number. */
  open(key: string, atMs: number): number {
    const row = this.index.size;
    if (row === this.capacity) this.grow();
    this.index.set(key, row);
    this.atMs[row] = atMs;
    return row;
  }

  entries(): IterableIterator<[string, number]> {
    return this.index.entries();
  }

  private grow(): void {
    this.capacity *= 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(this.capacity);
      b.set(a);
      return b;
    };
    const u32 = (a: Uint32Array) => {
      const b = new Uint32Array(this.capacity);
      b.set(a);
      return b;
    };
    this.atMs = f64(this.atMs);
    this.flows = f64(this.flows);
    this.bytes = f64(this.bytes);
    this.packets = f64(this.packets);
    this.rejects = u32(this.rejects);
    this.drops = u32(this.drops);
    this.retransmits = u32(this.retransmits);
    this.l7Errors = u32(this.l7Errors);
  }
}
