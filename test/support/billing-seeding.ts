/**
 * Bulk seeding for billing timing checks: thousands of claim-ready March 2026 patients written straight to the
 * event store through the command pipeline (so every event has its metadata envelope and hash chain, as the care
 * record writes them), without a GraphQL round trip per fact.
 */
import { randomUUID } from 'node:crypto';
import { CommandService } from '../../src/command-pipeline/command.service';
import type { Position } from '../../src/event-store/event-store.port';
import type { Command, Decider, DomainEvent } from '../../src/kernel/decider';
import { ProjectionHost } from '../../src/projections/projections.module';
import type { TestApp } from './app-harness';
import { carePlanShared, initiatingVisit } from './billing-care-events';
import { callLogged, carePlanCreated, conditionRecorded, consentGiven, enrolled } from './care-record-events';

type Seed = Command<'Seed', { events: DomainEvent[] }>;

/** Appends the events it is given: the care record's deciders validated these facts once, in their own specs. */
const seedDecider: Decider<Seed, DomainEvent, null> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: (command) => command.data.events,
};

function claimReadyMarch(patientId: string, practiceId: string): DomainEvent[] {
  const ids = { patientId, practiceId };
  return [
    enrolled(ids),
    conditionRecorded('E11.9', ids),
    conditionRecorded('I10', ids),
    initiatingVisit(patientId, { practiceId }),
    consentGiven(ids),
    carePlanCreated(ids),
    carePlanShared(patientId, { practiceId }),
    callLogged({ ...ids, activityId: randomUUID(), minutes: 25 }),
  ];
}

/** Seeds `count` patients of the practice and resolves once every projection has applied them. */
export async function seedClaimReadyPatients(app: TestApp, practiceId: string, count: number): Promise<void> {
  const { pipeline } = app.app.get(CommandService);
  let last: Position | undefined;
  for (let i = 0; i < count; i++) {
    const patientId = randomUUID();
    const commandId = randomUUID();
    const result = await pipeline.execute({
      stream: `patient-${patientId}`,
      decider: seedDecider,
      command: { type: 'Seed', data: { events: claimReadyMarch(patientId, practiceId) } },
      context: {
        actorId: 'seed',
        actorRoles: ['ADMIN'],
        practiceId,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        now: new Date('2026-04-01T14:00:00Z'),
      },
      occurredAt: () => new Date('2026-03-15T12:00:00Z'),
    });
    last = result.position;
  }
  if (last !== undefined && !(await app.app.get(ProjectionHost).engine.waitFor(last, 300_000))) {
    throw new Error('projections did not catch up with the seeded patients');
  }
}
