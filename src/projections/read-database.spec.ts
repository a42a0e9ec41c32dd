import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadDatabase } from './read-database';

describe('openReadDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'careledger-read-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates missing parent directories and opens the file in WAL mode with synchronous NORMAL', () => {
    const file = join(dir, 'nested', 'deeper', 'read.db');
    const db = openReadDatabase(file);
    try {
      expect(existsSync(file)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('accepts :memory: without touching the file system', () => {
    const db = openReadDatabase(':memory:');
    try {
      db.exec('CREATE TABLE t (x)');
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
      expect(existsSync(':memory:')).toBe(false);
    } finally {
      db.close();
    }
  });
});
