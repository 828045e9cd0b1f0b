// Strict IP address checks by a single character scan: flow sources hand us millions of
// addresses, so no regex (and no backtracking on hostile input), no allocation on IPv4.

const MAX_IPV6_CHARS = 45; // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"

export function isIPv4(s: string): boolean {
  return ipv4End(s, 0) === s.length;
}

/** Scans a dotted quad starting at `from`; returns the index after it, or -1. */
function ipv4End(s: string, from: number): number {
  let i = from;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (s.charCodeAt(i) !== 46 /* . */) return -1;
      i++;
    }
    let value = 0;
    let digits = 0;
    while (digits < 4) {
      const c = s.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) break; // also stops at the end (NaN)
      value = value * 10 + (c - 48);
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || value > 255) return -1;
  }
  return i;
}

export function isIPv6(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > MAX_IPV6_CHARS) return false;
  let groups = 0;
  let sawDoubleColon = false;
  let i = 0;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return false;
    sawDoubleColon = true;
    i = 2;
    if (i === n) return true; // "::"
  }
  while (i < n) {
    // One group: up to 4 hex digits, or an embedded IPv4 tail.
    const start = i;
    while (i < n && i - start < 5 && isHex(s.charCodeAt(i))) i++;
    const len = i - start;
    if (i < n && s.charCodeAt(i) === 46 /* . */) {
      const end = ipv4End(s, start);
      if (end !== n || groups > 6) return false;
      groups += 2;
      i = n;
      break;
    }
    if (len === 0 || len > 4) return false;
    groups++;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (s.charCodeAt(i) === 58) {
      if (sawDoubleColon) return false;
      sawDoubleColon = true;
      i++;
      if (i === n) break;
    } else if (i === n) {
      return false; // trailing single colon
    }
  }
  return sawDoubleColon ? groups <= 7 : groups === 8;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function isIpAddress(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}
