/**
 * A backup taken while the server keeps acknowledging writes (issue #17): `npm run backup` copies one consistent
 * snapshot of events.db, holding every mutation acknowledged before it started and whole commands only; restored
 * with `npm run restore` against a checkpoint an outsider saved, the server comes back on it healthy, with those
 * patients, and with a ledger that extends the saved checkpoint.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { HeadSigner } from '../src/ledger/heads/head-signer';
import { startTestApp, type TestApp } from './support/app-harness';
import { enrollInput, ENROLL_PATIENT, mutate, seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { tempDir } from './support/event-store-fixtures';
import { getText, runScript } from './support/ledger-fixtures';

const BACKUP = 'src/ledger/backup/backup.cli.ts';
const RESTORE = 'src/ledger/backup/restore.cli.ts';
const VERIFY_LEDGER = 'src/ledger/verification/verify-ledger.cli.ts';
const WRITERS = 6;

const PATIENT_QUERY = `query($id: ID!) { patient(id: $id) { id } }`;

describe('a backup under concurrent writes', () => {
  let app: TestApp;
  let practice: SeededPractice;
  const files = tempDir('careledger-backup-e2e-');
  const backupFile = join(files.path, 'backup.db');
  const savedCheckpoint = join(files.path, 'checkpoint.txt');
  /** Patients whose enrolment was acknowledged before the backup command started. */
  let acknowledgedBefore: string[] = [];
  const acknowledged: string[] = [];
  let backup: { code: number; stdout: string; stderr: string };
  let eventsInBackup: { stream: string; revision: bigint; commandId: unknown }[] = [];

  beforeAll(async () => {
    app = await startTestApp('sqlite');
    practice = await seedPractice(app);
    let writing = true;
    const writer = async () => {
      while (writing) {
        const patientId = randomUUID();
        await mutate(app, ENROLL_PATIENT, enrollInput(patientId), practice.tokens.admin);
        acknowledged.push(patientId);
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    // Writes in full flow, and a head an outsider keeps, signed while they flow.
    while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(savedCheckpoint, (await getText(app, '/ledger/checkpoint')).text);
    acknowledgedBefore = [...acknowledged];
    backup = await runScript(BACKUP, [backupFile], { DATA_DIR: app.config.dataDir });
    const acknowledgedDuringBackup = acknowledged.length - acknowledgedBefore.length;
    writing = false;
    await Promise.all(writers);
    expect(acknowledgedDuringBackup).toBeGreaterThan(0);

    const copy = SqliteEventStore.open({ file: backupFile, synchronous: 'NORMAL' });
    try {
      eventsInBackup = (await copy.readAll({ maxCount: 1_000_000 })).map((event) => ({
        stream: event.streamId,
        revision: event.revision,
        commandId: event.metadata.commandId,
      }));
    } finally {
      await copy.dispose();
    }
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  it('is taken and verified while the server serves', () => {
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/^BACKED UP: \d+ events/) });
  });

  it('holds every enrolment acknowledged before it started, each stream without gaps', () => {
    const streams = new Set(eventsInBackup.map((event) => event.stream));
    for (const patientId of acknowledgedBefore) expect(streams).toContain(`patient-${patientId}`);
    const revisions = new Map<string, bigint[]>();
    for (const { stream, revision } of eventsInBackup) revisions.set(stream, [...(revisions.get(stream) ?? []), revision]);
    for (const [, list] of revisions) expect(list).toEqual(list.map((_, index) => BigInt(index)));
  });

  it('restores against the checkpoint saved during the writes, and the server comes back healthy on it with those patients', async () => {
    await app.stop();
    const restored = await runScript(RESTORE, [backupFile, '--checkpoint', savedCheckpoint], { DATA_DIR: app.config.dataDir });
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringContaining(`RESTORED: ${eventsInBackup.length} events`) });

    app = await startTestApp('sqlite', { reuse: app });
    let health: Record<string, unknown>;
    do {
      health = JSON.parse((await getText(app, '/health')).text);
    } while (health.ledger === 'checking' && (await new Promise((resolve) => setTimeout(resolve, 50)), true));
    expect(health).toMatchObject({ ledger: 'ok' });
    for (const patientId of acknowledgedBefore.slice(-5)) {
      const response = await app.gql(PATIENT_QUERY, { id: patientId }, practice.tokens.admin);
      expect(response.data?.patient).toEqual({ id: patientId });
    }
    const verified = await runScript(VERIFY_LEDGER, ['--checkpoint', savedCheckpoint, '--url', app.url]);
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/^CONSISTENT/) });
  }, 120_000);

  it('is refused for restore when the backup is older than a checkpoint kept outside', async () => {
    const later = join(files.path, 'later-checkpoint.txt');
    await mutate(app, ENROLL_PATIENT, enrollInput(randomUUID()), practice.tokens.admin);
    const head = await app.app.get(HeadSigner).sign('INTERVAL');
    expect(Number(head.tree_size)).toBeGreaterThan(eventsInBackup.length);
    writeFileSync(later, head.checkpoint);
    await app.stop();
    const stale = await runScript(RESTORE, [backupFile, '--checkpoint', later], { DATA_DIR: app.config.dataDir });
    expect(stale).toMatchObject({ code: 1, stdout: expect.stringMatching(/^NOT RESTORED: the log has \d+ events, fewer than/) });
  }, 60_000);
});
