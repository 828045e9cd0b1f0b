// The open rows of the flow rollup, as columns of typed arrays indexed by row number. Why not an
// object per row: a VPC source whose addresses nobody has named yet opens about one row per line
// (every client address is its own side), and at 200 k lines/s a cut holds hundreds of thousands
// of rows. As objects they took about 530 bytes a row and were copied by every young-generation
// GC; here a row is a few typed-array slots that the GC never looks into.
//
// Row keys are numbers, not strings: each side (a workload name, or an address not named yet
// with the source's own name for it) is interned once into a side id (SideTable), and a row is
// found by (minute, port, protocol) → (source id, destination id). A line then costs one or two
// short-string hash lookups (its addresses) and two number lookups, where a concatenated key of
// about 60 characters used to be built, flattened, hashed and kept per row, then sliced apart
// again at the cut (measured in bench/collector/flow-pipeline.ts, see collectors/README.md).

/** Side ids below 2^26: `src * 2^26 + dst` stays an exact integer (52 bits). */
const SIDE_ID_LIMIT = 2 ** 26;
/** (minute, port, protocol) as one exact integer: minute index × 2^24 + port × 2^8 + protocol. */
function slotKey(minuteMs: number, dstPort: number, protocol: number): number {
  return (minuteMs / 60_000) * 16_777_216 + dstPort * 256 + protocol;
}

/** A side not named yet: its address and the source's own name for it. */
export interface UnnamedSide {
  address: string;
  own: string | null;
}

/** Sides by id. A named side is its name; an unnamed one keeps address and own name apart. */
export class SideTable {
  private readonly named = new Map<string, number>();
  /** unnamed sides without an own name (every VPC address): keyed by the address alone */
  private readonly bare = new Map<string, number>();
  /** unnamed sides with an own name (Hubble, Lattice): keyed by `address \0 own` */
  private readonly owned = new Map<string, number>();
  private readonly names: (string | null)[] = [];
  private readonly unnamed: (UnnamedSide | null)[] = [];

  get size(): number {
    return this.names.length;
  }

  /** The id of a named side, or -1 when it was never interned. */
  findNamed(name: string): number {
    return this.named.get(name) ?? -1;
  }

  findUnnamed(address: string, own: string | null): number {
    return (own === null ? this.bare.get(address) : this.owned.get(`${address}\u0000${own}`)) ?? -1;
  }

  internNamed(name: string): number {
    let id = this.named.get(name);
    if (id === undefined) {
      id = this.push(name, null);
      this.named.set(name, id);
    }
    return id;
  }

  internUnnamed(address: string, own: string | null): number {
    const map = own === null ? this.bare : this.owned;
    const key = own === null ? address : `${address}\u0000${own}`;
    let id = map.get(key);
    if (id === undefined) {
      id = this.push(null, { address: detached(address), own });
      map.set(key, id);
    }
    return id;
  }

  /** The workload name of a named side; null for an unnamed one. */
  name(id: number): string | null {
    return this.names[id];
  }

  /** Address and own name of an unnamed side; null for a named one. */
  unnamedSide(id: number): UnnamedSide | null {
    return this.unnamed[id];
  }

  /** Interns side `id` of `other` here (used when rows move to a fresh store). */
  copyFrom(other: SideTable, id: number): number {
    const name = other.name(id);
    if (name !== null) return this.internNamed(name);
    const side = other.unnamedSide(id)!;
    return this.internUnnamed(side.address, side.own);
  }

  private push(name: string | null, side: UnnamedSide | null): number {
    const id = this.names.length;
    if (id >= SIDE_ID_LIMIT) throw new Error(`flow rollup: more than ${SIDE_ID_LIMIT} sides`);
    this.names.push(name);
    this.unnamed.push(side);
    return id;
  }
}

/**
 * A copy of `s` that does not point into a larger string. Parsers hand us addresses cut out of
 * a tailed chunk (1 MiB of text); V8 keeps such a substring of 13 characters or more as a slice
 * that holds the whole chunk alive, and a side lives until the cut: one 15-character IPv4
 * address per chunk would keep every chunk read since the last cut. Appending a character and
 * slicing it off forces a flat copy; it runs once per side, not per line.
 */
function detached(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

export class FlowRowStore {
  readonly sides = new SideTable();
  /** (minute, port, protocol) → (src id × 2^26 + dst id) → row */
  private readonly index = new Map<number, Map<number, number>>();
  private count = 0;
  private capacity: number;
  minuteMs: Float64Array;
  dstPort: Uint16Array;
  protocol: Uint8Array;
  src: Int32Array;
  dst: Int32Array;
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
    this.minuteMs = new Float64Array(initialCapacity);
    this.dstPort = new Uint16Array(initialCapacity);
    this.protocol = new Uint8Array(initialCapacity);
    this.src = new Int32Array(initialCapacity);
    this.dst = new Int32Array(initialCapacity);
    this.atMs = new Float64Array(initialCapacity);
    this.flows = new Float64Array(initialCapacity);
    this.bytes = new Float64Array(initialCapacity);
    this.packets = new Float64Array(initialCapacity);
    this.rejects = new Uint32Array(initialCapacity);
    this.drops = new Uint32Array(initialCapacity);
    this.retransmits = new Uint32Array(initialCapacity);
    this.l7Errors = new Uint32Array(initialCapacity);
  }

  /** Rows are numbered 0 … size − 1. */
  get size(): number {
    return this.count;
  }

  /** The row of the key (minuteMs a whole minute, port 0..65535, protocol 0..255), or -1. */
  find(minuteMs: number, dstPort: number, protocol: number, src: number, dst: number): number {
    if (src < 0 || dst < 0) return -1;
    return this.index.get(slotKey(minuteMs, dstPort, protocol))?.get(src * SIDE_ID_LIMIT + dst) ?? -1;
  }

  /** Opens a row (counts at zero) for a key `find` did not know; returns its number. */
  open(minuteMs: number, dstPort: number, protocol: number, src: number, dst: number, atMs: number): number {
    const slot = slotKey(minuteMs, dstPort, protocol);
    let pairs = this.index.get(slot);
    if (pairs === undefined) {
      pairs = new Map();
      this.index.set(slot, pairs);
    }
    const row = this.count++;
    if (row === this.capacity) this.grow();
    pairs.set(src * SIDE_ID_LIMIT + dst, row);
    this.minuteMs[row] = minuteMs;
    this.dstPort[row] = dstPort;
    this.protocol[row] = protocol;
    this.src[row] = src;
    this.dst[row] = dst;
    this.atMs[row] = atMs;
    return row;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.capacity);
      b.set(a);
      return b;
    };
    this.minuteMs = grown(this.minuteMs);
    this.dstPort = grown(this.dstPort);
    this.protocol = grown(this.protocol);
    this.src = grown(this.src);
    this.dst = grown(this.dst);
    this.atMs = grown(this.atMs);
    this.flows = grown(this.flows);
    this.bytes = grown(this.bytes);
    this.packets = grown(this.packets);
    this.rejects = grown(this.rejects);
    this.drops = grown(this.drops);
    this.retransmits = grown(this.retransmits);
    this.l7Errors = grown(this.l7Errors);
  }
}
