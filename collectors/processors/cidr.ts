// CIDR blocks for IPv4 and IPv6, parsed once and matched by longest prefix: the configured
// names of address ranges ("10.0.0.0/16 → vpc-main") that flow addresses are resolved with.
// Pure code.

export interface ParsedCidr {
  family: 4 | 6;
  /** network address as a 128-bit (v6) or 32-bit (v4) integer, host bits cleared */
  network: bigint;
  prefix: number;
}

export function parseIp(text: string): { family: 4 | 6; value: bigint } | null {
  if (text.includes(":")) return parseIpv6(text);
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(Number(p));
  }
  return { family: 4, value };
}

function parseIpv6(text: string): { family: 6; value: bigint } | null {
  let s = text.toLowerCase();
  const zone = s.indexOf("%");
  if (zone !== -1) s = s.slice(0, zone);
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const v4 = parseIp(s.slice(lastColon + 1));
    if (!v4 || v4.family !== 4) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4.value >> 16n).toString(16)}:${(v4.value & 0xffffn).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return { family: 6, value };
}

export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf("/");
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash));
  if (!ip) return null;
  const bits = ip.family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return null;
  const prefix = Number(prefixText);
  const hostBits = BigInt(bits - prefix);
  return { family: ip.family, network: (ip.value >> hostBits) << hostBits, prefix };
}

function contains(cidr: ParsedCidr, ip: { family: 4 | 6; value: bigint }): boolean {
  if (cidr.family !== ip.family) return false;
  const hostBits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
  return (ip.value >> hostBits) << hostBits === cidr.network;
}

/** Names of address ranges; the most specific range wins. Results are cached per address. */
export class CidrNames {
  private readonly ranges: { cidr: ParsedCidr; name: string }[];
  private readonly cache = new Map<string, string | null>();

  constructor(entries: readonly { cidr: string; name: string }[], private readonly maxCached = 100_000) {
    this.ranges = entries
      .map((e) => ({ cidr: parseCidr(e.cidr), name: e.name }))
      .filter((e): e is { cidr: ParsedCidr; name: string } => e.cidr !== null)
      .sort((a, b) => b.cidr.prefix - a.cidr.prefix);
  }

  get size(): number {
    return this.ranges.length;
  }

  lookup(address: string): string | null {
    if (this.ranges.length === 0) return null;
    const cached = this.cache.get(address);
    if (cached !== undefined) return cached;
    const ip = parseIp(address);
    const hit = ip ? (this.ranges.find((r) => contains(r.cidr, ip))?.name ?? null) : null;
    if (this.cache.size >= this.maxCached) this.cache.clear(); // bounded; a refill is cheap
    this.cache.set(address, hit);
    return hit;
  }
}
