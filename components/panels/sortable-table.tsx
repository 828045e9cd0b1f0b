"use client";
// A table of the panels with sortable columns (a button in each header, aria-sort on the sorted
// one) and, when rows lead somewhere, rows that are focusable: Enter or a click drills in, the
// up and down arrows move between rows.
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { nextSort, sortRows, type SortDirection, type SortValue } from "./table-sort";

export interface Column<T> {
  key: string;
  label: string;
  value(row: T): SortValue;
  render?(row: T): ReactNode;
  numeric?: boolean;
}

interface Props<T> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  initialSort?: { key: string; direction: SortDirection };
  onActivate?(row: T): void;
  /** accessible name of an activatable row: what Enter opens */
  rowLabel?(row: T): string;
  /** the row whose detail is open now: marked (aria-current) so the table says where you are */
  isCurrent?(row: T): boolean;
}

function moveFocus(e: KeyboardEvent<HTMLTableRowElement>, to: "previousElementSibling" | "nextElementSibling") {
  const target = e.currentTarget[to];
  if (target instanceof HTMLElement) {
    e.preventDefault();
    target.focus();
  }
}

export function SortableTable<T>({ label, rows, columns, rowKey, initialSort, onActivate, rowLabel, isCurrent }: Props<T>) {
  const [sort, setSort] = useState(initialSort ?? { key: columns[0].key, direction: "asc" as SortDirection });
  const column = columns.find((c) => c.key === sort.key) ?? columns[0];
  const sorted = sortRows(rows, column.value, sort.direction);
  return (
    <table className="data-table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}
              aria-sort={c.key === sort.key ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
              <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, c.key, !!c.numeric))}>
                {c.label}
                <span aria-hidden="true">{c.key === sort.key ? (sort.direction === "asc" ? " ▲" : " ▼") : ""}</span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr
            key={rowKey(row)}
            tabIndex={onActivate ? 0 : undefined}
            className={[onActivate ? "row-activatable" : "", isCurrent?.(row) ? "row-current" : ""].filter(Boolean).join(" ") || undefined}
            aria-current={isCurrent?.(row) ? "true" : undefined}
            aria-label={onActivate && rowLabel ? rowLabel(row) : undefined}
            onClick={onActivate ? () => onActivate(row) : undefined}
            onKeyDown={
              onActivate
                ? (e) => {
                    if (e.target !== e.currentTarget) return;
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      onActivate(row);
                    } else if (e.key === "ArrowDown") moveFocus(e, "nextElementSibling");
                    else if (e.key === "ArrowUp") moveFocus(e, "previousElementSibling");
                  }
                : undefined
            }
          >
            {columns.map((c) => (
              <td key={c.key} className={c.numeric ? "num" : undefined}>{c.render ? c.render(row) : (c.value(row) ?? "–")}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
