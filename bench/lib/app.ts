/**
 * The real application for the benchmarks: the same wiring as `npm start` and the E2E tests (createApp through
 * test/support/app-harness), on its own data directory, logging at warn. NODE_ENV stays `test` (production would
 * also want key material the benchmarks have no use for and only turns off introspection and the IDE); the
 * per-token rate limit is off, since the load generator sends everything with one token.
 */
import { randomUUID } from 'node:crypto';
import type { PracticeActor } from '../../src/auth/actor';
import { CommandService } from '../../src/command-pipeline/command.service';
import type { EventMetadata } from '../../src/event-store/envelope';
import type { Position } from '../../src/event-store/event-store.port';
import type { Command, Decider, DomainEvent } from '../../src/kernel/decider';
import { PatientCommands } from '../../src/patient-stream/patient-commands';
import { ProjectionHost } from '../../src/projections/projections.module';
import { startTestApp, TEST_SECRET, type TestApp } from '../../test/support/app-harness';
import {
  callInput,
  conditionInput,
  enrollInput,
  ENROLL_PATIENT,
  initiatingVisitInput,
  mutate,
  RECORD_CHRONIC_CONDITION,
  RECORD_INITIATING_VISIT,
  seedPractice,
  type SeededPractice,
} from '../../test/support/care-record-fixtures';
import { STAFF } from '../../test/support/care-record-events';

export interface BenchAppOptions {
  synchronous: 'FULL' | 'NORMAL';
  /** Put the app on this data directory (e.g. one holding a generated events.db). */
  dataDir?: string;
  /** Default warn; the rebuild reads the engine's own `caught up` line, logged at info. */
  logLevel?: 'warn' | 'info';
  /** Further settings of the app (e.g. a longer HTTP_REQUEST_TIMEOUT_MS). */
  env?: Record<string, string>;
  /** Start on the data directory of this stopped app (a restart). */
  reuse?: TestApp;
}

export async function startBenchApp(options: BenchAppOptions): Promise<TestApp> {
  return startTestApp('sqlite', {
    env: {
      NODE_ENV: 'test',
      AUTH_JWT_SECRET: TEST_SECRET,
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: options.logLevel ?? 'warn',
      SQLITE_SYNCHRONOUS: options.synchronous,
      READ_YOUR_WRITES_TIMEOUT_MS: '30000',
      ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      ...options.env,
    },
    reuse: options.reuse,
  });
}

export const nurseActor = (practiceId: string): PracticeActor => ({ id: STAFF.rnB.staffId, roles: ['CARE_MANAGER'], practiceId });

/** Some instant in the 150 days before now: calls spread over patient-months as a practice's do. */
export const recentInstant = () => new Date(Date.now() - 3_600_000 - Math.floor(Math.random() * 150 * 86_400_000)).toISOString();

/** A logCall input with realistic values, dated `startedAt` (by default a recent instant). */
export const logCallInput = (patientId: string, startedAt = recentInstant()) =>
  callInput(patientId, { startedAt, minutes: 12, summary: 'Reviewed home blood pressure log; adherence confirmed', source: 'LIVE_TIMER' }) as {
    commandId: string;
    patientId: string;
    activityId: string;
  } & Record<string, unknown>;

/** logCall through the command table (load → fold → decide → append → hash → wait for the read models). */
export function logCallThroughCommands(app: TestApp, practiceId: string, patientId: string, startedAt?: string) {
  return app.app.get(PatientCommands).execute('LogCall', logCallInput(patientId, startedAt) as never, nurseActor(practiceId));
}

/** Enrolled CCM patients with two conditions and an initiating visit, through the real GraphQL mutations. */
export async function seedPatients(app: TestApp, practice: SeededPractice, count: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      const patientId = randomUUID();
      const { admin, nurse } = practice.tokens;
      await mutate(app, ENROLL_PATIENT, enrollInput(patientId, { enrolledOn: '2018-01-02' }), admin);
      await mutate(app, RECORD_CHRONIC_CONDITION, conditionInput(patientId), nurse);
      await mutate(
        app,
        RECORD_CHRONIC_CONDITION,
        conditionInput(patientId, { icd10: 'I10', description: 'Essential hypertension', onset: '2015-01-01' }),
        nurse,
      );
      await mutate(app, RECORD_INITIATING_VISIT, initiatingVisitInput(patientId, { visitDate: '2017-12-20' }), admin);
      ids.push(patientId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return ids;
}

export { seedPractice };

type Seed = Command<'Seed', { events: DomainEvent[] }>;

/** Appends the events it is given, through the pipeline (envelope and hash chain included). */
const seedDecider: Decider<Seed, DomainEvent, null> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: (command) => command.data.events,
};

/**
 * Appends `events` to a stream through the command pipeline, `chunk` per command (each command one append), with
 * their valid times; resolves once the read models have applied them.
 */
export async function appendThroughPipeline(
  app: TestApp,
  practiceId: string,
  stream: string,
  events: { event: DomainEvent; occurredAt: Date }[],
  chunk = 500,
): Promise<void> {
  const { pipeline } = app.app.get(CommandService);
  let last: Position | undefined;
  for (let i = 0; i < events.length; i += chunk) {
    const slice = events.slice(i, i + chunk);
    const commandId = randomUUID();
    const times = new Map(slice.map(({ event, occurredAt }) => [event, occurredAt]));
    const result = await pipeline.execute({
      stream,
      decider: seedDecider,
      command: { type: 'Seed', data: { events: slice.map(({ event }) => event) } },
      context: {
        actorId: STAFF.rnB.staffId,
        actorRoles: ['CARE_MANAGER'],
        practiceId,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        now: new Date(),
      },
      occurredAt: (event) => times.get(event) ?? new Date(),
    });
    last = result.position ?? last;
  }
  if (last !== undefined) await waitForReadModels(app, last);
}

export async function waitForReadModels(app: TestApp, position: Position, timeoutMs = 600_000): Promise<void> {
  if (!(await app.app.get(ProjectionHost).engine.waitFor(position, timeoutMs))) throw new Error('the read models did not catch up');
}

export type { EventMetadata };
