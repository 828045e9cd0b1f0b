// Sorting for the panels' tables: numbers numerically, text by locale, missing values last in
// either direction (a "–" never hides the worst row at the top). Stable, so equal rows keep
// the server's order. Pure.

export type SortDirection = "asc" | "desc";
export type SortValue = number | string | null;

export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, direction: SortDirection): T[] {
  const sign = direction === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.row);
}

/** Clicking the sorted column flips it; another column starts descending for numbers (worst first), ascending for text. */
export function nextSort(current: { key: string; direction: SortDirection }, key: string, numeric: boolean): { key: string; direction: SortDirection } {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: numeric ? "desc" : "asc" };
}
