// The host area's tables (results, leaderboards, reports, games): one header row of column
// heads, then a row for each item, a cell for each column.

import type { ComponentChildren } from "preact";

export interface Column<R> {
  /** The column's head. */
  head: ComponentChildren;
  /** The cell of a row. */
  cell: (row: R, index: number) => ComponentChildren;
  /** Numbers: head and cells aligned right. */
  right?: boolean;
  /** More classes for the body cells (e.g. `num`). */
  cellClass?: string;
}

/** A column that is only there sometimes: `false`, `null` or `undefined` leave it out. */
export type MaybeColumn<R> = Column<R> | false | null | undefined;

/** The class attribute of a column's body cells (none when empty). */
export function cellClass(column: { right?: boolean; cellClass?: string }): string | undefined {
  const cls = [column.right ? "right" : "", column.cellClass ?? ""].filter(Boolean).join(" ");
  return cls || undefined;
}

export function DataTable<R>({
  columns,
  rows,
  rowKey,
  rowClass,
  class: cls = "table",
  testId,
  caption,
}: {
  columns: MaybeColumn<R>[];
  rows: R[];
  rowKey: (row: R, index: number) => string | number;
  rowClass?: (row: R, index: number) => string;
  class?: string;
  testId?: string;
  /** For screen readers only. */
  caption?: string;
}) {
  const shown = columns.filter((c): c is Column<R> => !!c);
  return (
    <table class={cls} data-testid={testId}>
      {caption ? <caption class="sr-only">{caption}</caption> : null}
      <thead>
        <tr>
          {shown.map((c, j) => (
            <th key={j} scope="col" class={c.right ? "right" : undefined}>
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row, i)} class={rowClass?.(row, i)}>
            {shown.map((c, j) => (
              <td key={j} class={cellClass(c)}>
                {c.cell(row, i)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
