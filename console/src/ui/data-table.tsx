import type { ReactNode } from 'react';

export interface Column<Row> {
  /** The column's header, also its key: headers are unique within a table. */
  header: string;
  cell: (row: Row) => ReactNode;
}

interface DataTableProps<Row> {
  columns: readonly (Column<Row> | false)[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  /** Names the table for screen readers; `captionHidden` keeps it off screen where a heading already names it. */
  caption?: string;
  captionHidden?: boolean;
}

/**
 * Every list of the console is one of these: column headers scoped for assistive technology, one row per item.
 * A column given as `false` is left out (a column only some roles see).
 */
export function DataTable<Row>({ columns, rows, rowKey, caption, captionHidden }: DataTableProps<Row>) {
  const shown = columns.filter((column): column is Column<Row> => column !== false);
  return (
    <table>
      {caption && <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>}
      <thead>
        <tr>
          {shown.map((column) => (
            <th scope="col" key={column.header}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)}>
            {shown.map((column) => (
              <td key={column.header}>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
