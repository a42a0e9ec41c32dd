import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectionHost } from '../../src/projections/projections.module';
import type { TestApp } from '../../test/support/app-harness';
import { startBenchApp } from './app';
import type { LogShape } from './care-log';
import { ensureLogInChild } from './log-cache';
import { scratchDir } from './scratch';

/**
 * Runs `measure` on an app started over a copy of a generated log (cached across runs), once its read models have
 * caught up. A copy: reading patient data appends to the access log, and the cached log must stay as generated.
 */
export async function onGeneratedLog<T>(
  name: string,
  options: { cacheDir: string; synchronous: 'FULL' | 'NORMAL' },
  shape: LogShape,
  measure: (app: TestApp, log: { events: number; catchUpSeconds: number }) => Promise<T>,
): Promise<T> {
  const log = await ensureLogInChild(options.cacheDir, shape);
  const dir = scratchDir(name);
  try {
    const dataDir = join(dir.path, 'data');
    mkdirSync(dataDir);
    copyFileSync(log.file, join(dataDir, 'events.db'));
    const started = performance.now();
    const app = await startBenchApp({ synchronous: options.synchronous, dataDir });
    try {
      await app.app.get(ProjectionHost).engine.whenCaughtUp();
      return await measure(app, { events: log.events, catchUpSeconds: (performance.now() - started) / 1000 });
    } finally {
      await app.close();
    }
  } finally {
    dir.remove();
  }
}
