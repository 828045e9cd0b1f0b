// Ten-minute blocks of cached minutes, merged once: a 1 h window then sums 6 blocks and a few
// loose minutes (about 12,000 edge rows) instead of 60 minutes (90,000 rows). A block remembers
// which row lists it was merged from (by identity: a number per list object, held weakly so an
// evicted minute's rows can still be collected); when the minute cache hands out another list
// for any of its minutes (refetched after an invalidation, the TTL or an eviction) the block is
// merged again, so a block can never be staler than its minutes. Only blocks whose minutes are
// all closed are kept; at most maxBlocks, least recently used evicted (a block holds about a
// tenth of its minutes' rows).
import { MINUTE_MS } from "./minute-cache";

export const BLOCK_MINUTES = 10;
const BLOCK_MS = BLOCK_MINUTES * MINUTE_MS;

interface Block<Row> {
  sources: number[];
  merged: Row[];
}

const listIds = new WeakMap<object, number>();
let lastListId = 0;
function listId(list: object): number {
  let id = listIds.get(list);
  if (id === undefined) listIds.set(list, (id = ++lastListId));
  return id;
}

export class MinuteBlocks<Row> {
  private readonly blocks = new Map<number, Block<Row>>();
  /** blocks merged so far (tests and benchmarks read it) */
  merges = 0;

  constructor(
    /** sums the rows of several minutes into one list (per key and cluster) */
    private readonly merge: (lists: readonly (readonly Row[])[]) => Row[],
    private readonly maxBlocks = 64,
  ) {}

  /**
   * The window's minute lists (from fromMs, one per minute) with every aligned block that ends
   * by closedUntilMs replaced by its merged rows.
   */
  fold(fromMs: number, minutes: readonly Row[][], closedUntilMs: number): Row[][] {
    const out: Row[][] = [];
    let i = 0;
    while (i < minutes.length) {
      const start = fromMs + i * MINUTE_MS;
      const whole = start % BLOCK_MS === 0 && i + BLOCK_MINUTES <= minutes.length && start + BLOCK_MS <= closedUntilMs;
      if (!whole) {
        out.push(minutes[i++]);
        continue;
      }
      const lists = minutes.slice(i, i + BLOCK_MINUTES);
      const sources = lists.map(listId);
      let block = this.blocks.get(start);
      if (!block || block.sources.some((s, j) => s !== sources[j])) {
        block = { sources, merged: this.merge(lists) };
        this.merges++;
      }
      this.blocks.delete(start);
      this.blocks.set(start, block);
      for (const [b] of this.blocks) {
        if (this.blocks.size <= this.maxBlocks) break;
        this.blocks.delete(b);
      }
      out.push(block.merged);
      i += BLOCK_MINUTES;
    }
    return out;
  }

  clear(): void {
    this.blocks.clear();
  }
}
