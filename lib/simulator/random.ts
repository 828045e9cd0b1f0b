// The simulator's own seeded PRNG (sfc32 seeded through splitmix32), so a seed reproduces the
// same traffic, latencies, errors and ids on any machine. Math.random is never used.

export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  int(minInclusive: number, maxExclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** log-normal with the given median and shape sigma (latencies have long right tails) */
  logNormal(median: number, sigma: number): number;
  /** waiting time of a Poisson process with `ratePerSecond`, in ms */
  exponentialMs(ratePerSecond: number): number;
  hex(chars: number): string;
  /** an independent stream for a sub-task, so adding draws in one place does not shift another */
  fork(label: string): Random;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a string: turns seeds and labels into 32-bit numbers. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export function createRandom(seed: number | string): Random {
  const numeric = typeof seed === "number" ? seed >>> 0 : hashString(seed);
  const init = splitmix32(numeric);
  let a = init(), b = init(), c = init(), d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32(); // discard the weakly mixed first outputs
  const next = () => u32() / 4294967296;
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    logNormal(median, sigma) {
      // Box–Muller; 1 - next() keeps the logarithm finite
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
    exponentialMs: (rate) => (-Math.log(1 - next()) / rate) * 1000,
    hex(chars) {
      let out = "";
      while (out.length < chars) out += u32().toString(16).padStart(8, "0");
      return out.slice(0, chars);
    },
    fork: (label) => createRandom((hashString(label) ^ u32()) >>> 0),
  };
  return random;
}
