// Number formatting shared by graph labels, panels and the edge table: short, unit-bearing,
// stable width where it matters (labels are read at a glance).

export function formatRate(perSec: number): string {
  if (perSec === 0) return "0";
  if (perSec < 0.01) return "<0.01";
  if (perSec < 10) return perSec.toFixed(2);
  if (perSec < 1000) return perSec.toFixed(1);
  return `${(perSec / 1000).toFixed(1)}k`;
}

export function formatPercent(ratio: number): string {
  const p = ratio * 100;
  if (p === 0) return "0%";
  if (p < 0.1) return "<0.1%";
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}
