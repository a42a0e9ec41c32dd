import type { Statement } from 'better-sqlite3';
import type { ReadDatabase } from './projection';

/** Rows per statement: well under SQLite's bound-parameter limit for any read-model row, and long enough to pay. */
const ROWS_PER_STATEMENT = 100;

/**
 * Writes many rows with multi-row `INSERT … VALUES (…), (…)` statements (one per 100 rows) instead of one statement
 * per row: a page of a rebuild binds and steps a few statements rather than thousands. `insert` is the statement's
 * head (`INSERT INTO t (a, b)`), `conflict` its optional tail (`ON CONFLICT … DO UPDATE …`). Rows are written in
 * the order given (rowids follow it). Statements are prepared when first needed, so bind a writer in `setup`.
 */
export function bulkInsert(db: ReadDatabase, insert: string, columns: number, conflict = ''): (rows: readonly unknown[][]) => void {
  const statements = new Map<number, Statement>();
  const tuple = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const statementFor = (rows: number) => {
    let statement = statements.get(rows);
    if (!statement) {
      statement = db.prepare(`${insert} VALUES ${Array.from({ length: rows }, () => tuple).join(', ')} ${conflict}`);
      statements.set(rows, statement);
    }
    return statement;
  };
  return (rows) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      statementFor(chunk.length).run(chunk.flat());
    }
  };
}
