/**
 * Realistic care-record logs for the benchmarks: practices with their staff registry, and patients whose months
 * look like a CCM practice's (enrolment, conditions, initiating visit, consent, care plan, about ten calls of
 * various kinds and lengths, a correction, sometimes a void, a medication reconciliation, care-plan revisions).
 *
 * Event data is built with the care record's own test builders (the shapes its deciders emit), and every event is
 * wrapped exactly as the command pipeline wraps it: metadata envelope (actor, roles, practice, commandId,
 * commandHash, correlation, causation, occurredAt, schemaVersion) and the per-stream hash chain (sealEvents).
 * Generation is deterministic for a seed, so a log can be cached and rebuilt identically.
 */
import { createHash } from 'node:crypto';
import { sealEvents, type EventMetadata } from '../../src/event-store/envelope';
import type { EventToAppend, JsonObject } from '../../src/event-store/event-store.port';
import { monthBounds, monthOf } from '../../src/kernel/calendar';
import type { DomainEvent } from '../../src/kernel/decider';
import { uuidV5 } from '../../src/kernel/ids';
import { practiceStream } from '../../src/practice/practice.events';
import {
  callCorrected,
  callVoided,
  carePlanRevised,
  carePlanShared,
  externalService,
  initiatingVisit,
  medicationReconciled,
} from '../../test/support/billing-care-events';
import { callLogged, carePlanCreated, conditionRecorded, consentGiven, enrolled, snapshot, STAFF } from '../../test/support/care-record-events';

/** Bump when the generated events change (here or in the test builders used): cached logs are keyed by it. */
export const GENERATOR_VERSION = 1;

export const TIME_ZONE = 'America/New_York';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const FIRST = [
  'Rosa',
  'James',
  'Mary',
  'Robert',
  'Linda',
  'Michael',
  'Barbara',
  'William',
  'Elizabeth',
  'David',
  'Susan',
  'Richard',
  'Jessica',
  'Joseph',
  'Sarah',
  'Thomas',
  'Karen',
  'Charles',
  'Nancy',
  'Daniel',
];
const LAST = [
  'Martinez',
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Lee',
  'Perez',
  'Thompson',
  'White',
];
const CONDITIONS: [string, string][] = [
  ['E11.9', 'Type 2 diabetes mellitus without complications'],
  ['I10', 'Essential (primary) hypertension'],
  ['J44.9', 'Chronic obstructive pulmonary disease, unspecified'],
  ['N18.3', 'Chronic kidney disease, stage 3'],
  ['I50.9', 'Heart failure, unspecified'],
  ['F33.1', 'Major depressive disorder, recurrent, moderate'],
];
const SUMMARIES = [
  'Reviewed glucose log and diet; reinforced hypoglycaemia plan',
  'Blood pressure readings reviewed; adherence to lisinopril confirmed',
  'Coordinated cardiology referral and transport for next week',
  'Discussed inhaler technique; patient reports fewer night symptoms',
  'Follow-up after ED visit; medication list updated with discharge summary',
  'Care plan goals reviewed with patient and daughter',
];
const KINDS = ['PATIENT_CALL', 'PATIENT_CALL', 'PATIENT_CALL', 'CARE_COORDINATION', 'SECURE_MESSAGE', 'EDUCATION', 'CARE_PLAN_WORK'] as const;

export interface PlannedEvent {
  /** Valid time (ms since the epoch): the order the practice documented things in. */
  at: number;
  event: DomainEvent;
  /** Who issued the command (token subject) and with which role. */
  actor: { id: string; role: string };
}

export const practiceId = (index: number) => `bench-practice-${index}`;
export const patientIdOf = (seed: number, index: number) => uuidV5(`bench-patient/${seed}/${index}`);

/** PracticeConfigured and the staff registry of care-record-events' STAFF (dr-gone registered, then deactivated). */
export function practiceHistory(id: string, at: number): PlannedEvent[] {
  const admin = { id: 'admin-1', role: 'ADMIN' };
  const events: DomainEvent[] = [
    { type: 'PracticeConfigured', data: { practiceId: id, name: `Bench Family Medicine ${id}`, timeZone: TIME_ZONE, npi: '1234567893', taxId: '12-3456789' } },
    ...Object.values(STAFF).map((member) => ({
      type: 'StaffMemberRegistered',
      data: { practiceId: id, staffId: member.staffId, name: member.name, credential: member.credential, npi: member.npi },
    })),
    { type: 'StaffMemberDeactivated', data: { practiceId: id, staffId: STAFF.drGone.staffId, reason: 'left the practice' } },
  ];
  return events.map((event, index) => ({ at: at + index, event, actor: admin }));
}

/**
 * One patient's care over `months` (YYYY-MM, the practice's zone): enrolment and onboarding early in the first
 * month, then calls and the rest spread over every month; about `eventsPerPatient` events in all.
 */
export function patientHistory(random: () => number, practice: string, patientId: string, months: string[], eventsPerPatient = 20): PlannedEvent[] {
  const ids = { patientId, practiceId: practice };
  const nurse = { id: STAFF.rnB.staffId, role: 'CARE_MANAGER' };
  const doctor = { id: STAFF.drA.staffId, role: 'PRACTITIONER' };
  const admin = { id: 'admin-1', role: 'ADMIN' };
  const first = monthBounds(months[0], TIME_ZONE);
  const last = monthBounds(months[months.length - 1], TIME_ZONE);
  const day = 86_400_000;
  const start = first.start.getTime() + between(random, 0, 4) * day + between(random, 8, 11) * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const planned: PlannedEvent[] = [];
  const add = (at: number, event: DomainEvent, actor = nurse) => planned.push({ at, event, actor });

  const name = `${pick(random, FIRST)} ${pick(random, LAST)}`;
  const enrolledOn = iso(start).slice(0, 10);
  add(start, enrolled({ ...ids, name, enrolledOn, medicareId: `1EG4TE5MK${between(random, 10, 99)}` }), admin);
  const conditions = [CONDITIONS[0], CONDITIONS[1], ...(random() < 0.4 ? [pick(random, CONDITIONS.slice(2))] : [])];
  conditions.forEach(([icd10, description], index) =>
    add(start + (index + 1) * 60_000, conditionRecorded(icd10, { ...ids, description, recordedOn: enrolledOn })),
  );
  const visitDate = iso(start - between(random, 5, 25) * day).slice(0, 10);
  add(start + 5 * 60_000, initiatingVisit(patientId, { practiceId: practice, visitDate }), admin);
  const consentAt = start + day;
  add(consentAt, consentGiven({ ...ids, givenAt: iso(consentAt) }));
  const planAt = consentAt + day;
  add(planAt, carePlanCreated({ ...ids, effectiveAt: iso(planAt) }), doctor);
  add(planAt + 3_600_000, carePlanShared(patientId, { practiceId: practice, sharedAt: iso(planAt + 3_600_000) }));

  // The rest of the patient's events: calls spread between the care plan and the end of the last month.
  const from = planAt + 2 * 3_600_000;
  const span = Math.max(day, last.end.getTime() - 3_600_000 - from);
  const calls: { id: string; at: number; month: string }[] = [];
  const remaining = Math.max(1, eventsPerPatient - planned.length);
  let reconciled = false;
  let revisions = 1;
  for (let index = 0; index < remaining; index++) {
    const at = from + Math.floor((span * (index + random())) / remaining);
    const month = monthOf(new Date(at), TIME_ZONE);
    const roll = random();
    if (calls.length > 2 && roll < 0.06) {
      const target = pick(random, calls);
      add(Math.max(at, target.at + 60_000), callCorrected(target.id, { ...ids, minutes: between(random, 5, 40), month: target.month }, patientId));
    } else if (calls.length > 2 && roll < 0.09) {
      const target = calls.splice(Math.floor(random() * calls.length), 1)[0];
      add(Math.max(at, target.at + 60_000), callVoided(target.id, patientId));
    } else if (!reconciled && roll >= 0.09 && roll < 0.2) {
      reconciled = true;
      add(
        at,
        medicationReconciled(patientId, {
          practiceId: practice,
          reconciliationId: uuidV5(`${patientId}/reconciliation/${index}`),
          reconciledAt: iso(at),
          month,
          minutes: between(random, 10, 20),
        }),
      );
    } else if (roll >= 0.2 && roll < 0.225) {
      revisions += 1;
      add(at, carePlanRevised(patientId, { practiceId: practice, version: revisions, effectiveAt: iso(at) }), doctor);
    } else if (roll >= 0.225 && roll < 0.235) {
      add(at, externalService(patientId, { practiceId: practice, serviceDate: iso(at).slice(0, 10), cptCode: '99091' }), admin);
    } else {
      const activityId = uuidV5(`${patientId}/call/${index}`);
      const byDoctor = random() < 0.15;
      const performer = byDoctor ? STAFF.drA : STAFF.rnB;
      add(
        at,
        callLogged({
          ...ids,
          activityId,
          kind: pick(random, KINDS),
          performer: snapshot(performer),
          startedAt: iso(at),
          minutes: between(random, 5, 30),
          direction: random() < 0.8 ? 'OUTBOUND' : 'INBOUND',
          summary: pick(random, SUMMARIES),
          source: random() < 0.6 ? 'LIVE_TIMER' : 'MANUAL_ENTRY',
          complexMedicalDecisionMaking: byDoctor && random() < 0.3,
          month,
        }),
        byDoctor ? doctor : nurse,
      );
      calls.push({ id: activityId, at, month });
    }
  }
  return planned.sort((a, b) => a.at - b.at);
}

/** A stream's position in its hash chain. */
export interface ChainHead {
  revision: bigint;
  hash: string | null;
}

export const newChain = (): ChainHead => ({ revision: -1n, hash: null });

/**
 * Wraps planned events as the command pipeline does (one command per event, event id derived from the commandId)
 * and seals them onto the stream's chain, which it advances.
 */
export function envelope(stream: string, practice: string, planned: PlannedEvent[], chain: ChainHead, recordedAt: Date): EventToAppend[] {
  const unsealed = planned.map(({ at, event, actor }) => {
    const commandId = uuidV5(`${stream}/${chain.revision + 1n}/${at}/${event.type}`);
    const commandHash = createHash('sha256').update(`${commandId}/${event.type}`).digest('hex');
    const metadata: Omit<EventMetadata, 'hash' | 'previousHash'> = {
      actorId: actor.id,
      actorRoles: [actor.role],
      practiceId: practice,
      commandId,
      commandHash,
      correlationId: commandId,
      causationId: commandId,
      occurredAt: new Date(Math.min(at, recordedAt.getTime())).toISOString(),
      schemaVersion: 1,
    };
    return { id: uuidV5(`${practice}/${commandId}/0`), type: event.type, data: event.data as JsonObject, metadata };
  });
  const sealed = sealEvents(stream, chain.revision + 1n, chain.hash, unsealed);
  chain.revision += BigInt(sealed.length);
  chain.hash = sealed[sealed.length - 1]?.metadata.hash as string;
  return sealed;
}

export interface LogShape {
  seed: number;
  practices: number;
  patientsPerPractice: number;
  months: string[];
  eventsPerPatient: number;
}

export interface LogEntry {
  stream: string;
  practice: string;
  planned: PlannedEvent;
}

/**
 * Every event of the log in valid-time order (patients interleaved as a practice's days interleave them), the
 * practices' streams first. Built lazily from compact plans so a million-event log fits in memory comfortably.
 */
export function* careLog(shape: LogShape): Generator<LogEntry> {
  const practices = Array.from({ length: shape.practices }, (_, index) => practiceId(index));
  const before = monthBounds(shape.months[0], TIME_ZONE).start.getTime() - 60 * 86_400_000;
  for (const practice of practices) {
    for (const planned of practiceHistory(practice, before)) yield { stream: practiceStream(practice), practice, planned };
  }
  const histories: { practice: string; stream: string; events: PlannedEvent[] }[] = [];
  for (const [p, practice] of practices.entries()) {
    for (let i = 0; i < shape.patientsPerPractice; i++) {
      const index = p * shape.patientsPerPractice + i;
      const patientId = patientIdOf(shape.seed, index);
      const random = rng(shape.seed * 1_000_003 + index);
      histories.push({ practice, stream: `patient-${patientId}`, events: patientHistory(random, practice, patientId, shape.months, shape.eventsPerPatient) });
    }
  }
  // Global valid-time order over (patient, event) pairs, kept in typed arrays.
  const total = histories.reduce((sum, history) => sum + history.events.length, 0);
  const owner = new Uint32Array(total);
  const slot = new Uint16Array(total);
  const times = new Float64Array(total);
  let n = 0;
  for (const [h, history] of histories.entries()) {
    for (const [e, planned] of history.events.entries()) {
      owner[n] = h;
      slot[n] = e;
      times[n] = planned.at;
      n++;
    }
  }
  const order = new Uint32Array(total).map((_, index) => index);
  // Stable: a patient's events keep their own order when two share an instant.
  order.sort((a, b) => times[a] - times[b] || owner[a] - owner[b] || slot[a] - slot[b]);
  for (const index of order) {
    const history = histories[owner[index]];
    yield { stream: history.stream, practice: history.practice, planned: history.events[slot[index]] };
  }
}
