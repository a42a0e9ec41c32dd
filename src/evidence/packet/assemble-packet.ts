import { exportedEvent } from '../../audit/export/export-line';
import type { PatientBillingMonthView } from '../../billing/read/billing-views';
import { verifyHashChain } from '../../event-store/envelope';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { fold } from '../../kernel/decider';
import { monthBounds, monthOf } from '../../kernel/calendar';
import { preconditionFailed } from '../../kernel/domain-error';
import type { PatientEvent } from '../../patient-stream/patient-event';
import { evolvePatientRecord, initialPatientRecord } from '../../patient-stream/patient-record';
import type { StaffSnapshot } from '../../patient-stream/practice-context';
import { billingEvidence, claimEvidence } from './billing';
import { carePlanInForce } from './care-plan';
import { careTeamForMonth } from './care-team';
import { claimCutoffInstant, evaluationAtCutoff, recordedNoLaterThan, reproducesClaim, type BillingSettings, type EvaluateMonth } from './claim-cutoff';
import { consentForMonth } from './consent';
import { diagnosesForMonth } from './diagnoses';
import {
  PACKET_FORMAT,
  type AuditEvidence,
  type CarePlanEvidence,
  type ClaimCutoff,
  type ClaimEvidence,
  type ComplexityEvidence,
  type DocumentedAfterClaim,
  type EvidencePacketDocument,
  type TimeEntryEvidence,
} from './evidence-packet';
import { initiatingVisitFor } from './initiating-visit';
import { reconciliationsIn } from './reconciliations';
import { timeEntriesOf } from './time-entries';
import { asPatientEvent, eventsOfType, recordedAtOf } from './recorded-events';

/** What a packet is made of; the service gathers it, assemblePacket only combines it. */
export interface PacketSources {
  patientId: string;
  month: string;
  practice: EvidencePacketDocument['practice'];
  /** The practice's settings that change an evaluation (billing's), for the evaluation at the claim's cutoff. */
  billingSettings: BillingSettings;
  /** The patient's whole stream, oldest first, read from the event store. */
  patientEvents: readonly RecordedEvent[];
  /** Who bills the month (billing's billingPractitionerIn). */
  billingPractitioner: StaffSnapshot;
  /** ICD-10-CM codes the month's claim names (billing's claimDiagnoses). */
  qualifyingDiagnoses: readonly string[];
  /** The rules engine's evaluation of the month, now. */
  billing: PatientBillingMonthView;
  /** The month's ClaimSubmitted event, when a claim was submitted. */
  claim: RecordedEvent | null;
  /** The month's BillingMonthClosed event, once billing closed it (a claim always follows one). */
  monthClose: RecordedEvent | null;
  /** Billing's rules engine, to evaluate the record as it stood at a claim's cutoff. */
  evaluate: EvaluateMonth;
}

function complexityOf(
  month: string,
  timeZone: string,
  complex: boolean,
  timeEntries: TimeEntryEvidence[],
  carePlan: CarePlanEvidence | null,
): ComplexityEvidence {
  const inMonth = (instant: string) => monthOf(new Date(instant), timeZone) === month;
  return {
    complex,
    medicalDecisionMakingEntries: timeEntries.filter((entry) => entry.complexMedicalDecisionMaking && entry.counted).map((entry) => entry.id),
    carePlanEstablishedInMonth: carePlan !== null && inMonth(carePlan.effectiveAt),
    substantialRevisions: (carePlan?.revisions ?? [])
      .filter((revision) => revision.substantial && inMonth(revision.effectiveAt))
      .map((revision) => revision.version),
  };
}

/** Where a practice's auditor finds a cited event the packet does not carry whole (evidence/http). */
const billingExportPath = (month: string) => `/exports/billing/${month}.ndjson`;

/**
 * The audit block. Every cited event is listed; each is carried whole except the month's close, whose data lists
 * every patient-month of the practice: a payer must see none but its own, so the practice's auditors check that one
 * in the billing stream's export.
 */
function auditOf(
  events: readonly RecordedEvent[],
  drawnOn: ReadonlySet<string>,
  { claim, monthClose, month }: Pick<PacketSources, 'claim' | 'monthClose' | 'month'>,
): AuditEvidence {
  // The packet is signed over the log as it is: a broken chain means the record was altered outside CareLedger.
  const chain = verifyHashChain(events);
  if (!chain.valid || chain.headHash === null) {
    throw preconditionFailed(
      'AUDIT_TRAIL_BROKEN',
      `The patient's record fails its hash-chain check at revision ${chain.firstBrokenRevision}; no evidence is signed over it`,
    );
  }
  const sources = [...events.filter((event) => drawnOn.has(event.id)), ...(monthClose ? [monthClose] : []), ...(claim ? [claim] : [])];
  return {
    stream: events[0].streamId,
    eventsChecked: chain.eventsChecked,
    headHash: chain.headHash,
    sourceEvents: sources.map((event) => ({
      stream: event.streamId,
      revision: event.revision.toString(),
      eventId: event.id,
      type: event.type,
      recordedAt: recordedAtOf(event),
      hash: typeof event.metadata.hash === 'string' ? event.metadata.hash : null,
    })),
    events: sources.filter((event) => event !== monthClose).map(exportedEvent),
    inBillingExport: monthClose ? [{ eventId: monthClose.id, reason: 'NAMES_OTHER_PATIENTS', export: billingExportPath(month) }] : [],
  };
}

/** The latest event the packet covers (the whole patient stream, the month's close and claim): the log state it speaks for. */
function asOfLog(events: readonly RecordedEvent[]): EvidencePacketDocument['asOf'] {
  const latest = events.reduce((last, event) => (event.position > last.position ? event : last));
  return { recordedAt: recordedAtOf(latest), position: latest.position.toString() };
}

const entryEventIds = (entries: readonly TimeEntryEvidence[]) =>
  entries.flatMap((entry) => [entry.eventId, ...entry.amendments.map((amendment) => amendment.eventId)]);

interface MonthTime {
  timeEntries: TimeEntryEvidence[];
  billing: PatientBillingMonthView;
  claimCutoff: ClaimCutoff | null;
  documentedAfterClaim: DocumentedAfterClaim | null;
}

/**
 * The month's time entries and their evaluation. Before a claim: as they stand, with billing's evaluation now. Once
 * submitted: as they stood at the claim's cutoff, evaluated as then (what the claim billed), and apart, what was
 * documented later; a later entry never counts, a later correction or void is shown but does not change the claim.
 */
function monthTime(sources: PacketSources, claim: ClaimEvidence | null): MonthTime {
  const { patientEvents, month, billing } = sources;
  const excludedBy = (view: PatientBillingMonthView) => new Map(view.excludedTimeEntries.map((exclusion) => [exclusion.activityId, exclusion]));
  if (!claim) return { timeEntries: timeEntriesOf(patientEvents, month, excludedBy(billing)), billing, claimCutoff: null, documentedAfterClaim: null };

  const at = claimCutoffInstant(claim, sources.monthClose ? recordedAtOf(sources.monthClose) : billing.closedAt);
  const byCutoff = patientEvents.filter(recordedNoLaterThan(at));
  const claimed = evaluationAtCutoff(byCutoff, billing, claim, sources.practice.timeZone, sources.evaluate, sources.billingSettings);
  const timeEntries = timeEntriesOf(byCutoff, month, excludedBy(claimed));
  const claimedIds = new Set(timeEntries.map((entry) => entry.id));
  const lateEntries = timeEntriesOf(patientEvents, month, new Map())
    .filter((entry) => !claimedIds.has(entry.id))
    .map(({ excludedMinutes: _minutes, exclusionExplanation: _explanation, ...entry }) => ({
      ...entry,
      counted: false,
      exclusionReason: 'DOCUMENTED_AFTER_CLAIM',
    }));
  // Of every month: a later correction may have moved an entry the claim drew on out of the month.
  const lateAmendments = timeEntriesOf(patientEvents, null, new Map())
    .filter((entry) => claimedIds.has(entry.id))
    .flatMap((entry) =>
      entry.amendments.filter((amendment) => Date.parse(amendment.recordedAt) > Date.parse(at)).map((amendment) => ({ ...amendment, activityId: entry.id })),
    );
  return {
    timeEntries,
    billing: claimed,
    claimCutoff: { basis: claim.basis, at, reproducesClaim: reproducesClaim(claimed, claim) },
    documentedAfterClaim: { timeEntries: lateEntries, amendments: lateAmendments },
  };
}

/**
 * One patient-month's evidence (ccm-rules §4) from the log and the billing evaluation. Pure, and reads no clock: the
 * same sources give the same document, byte for byte once canonicalised.
 */
export function assemblePacket(sources: PacketSources): EvidencePacketDocument {
  const { patientId, month, practice, patientEvents, billingPractitioner } = sources;
  const [enrolled] = eventsOfType(patientEvents, 'PatientEnrolled');
  const record = fold<PatientEvent, ReturnType<typeof initialPatientRecord>>(
    { initialState: initialPatientRecord, evolve: evolvePatientRecord },
    patientEvents.map(asPatientEvent),
  );
  if (!enrolled || !record.enrollment) throw new Error('assemblePacket: the stream has no PatientEnrolled event');

  const claim = sources.claim && claimEvidence(sources.claim);
  const { timeEntries, billing, claimCutoff, documentedAfterClaim } = monthTime(sources, claim);
  const carePlan = carePlanInForce(patientEvents, monthBounds(month, practice.timeZone).end);
  const consent = consentForMonth(patientEvents, month, practice.timeZone, billingPractitioner.staffId);
  const diagnoses = diagnosesForMonth(patientEvents, month, sources.qualifyingDiagnoses);
  const initiatingVisit = initiatingVisitFor(patientEvents, month, billingPractitioner.staffId);
  const medicationReconciliations = reconciliationsIn(patientEvents, month);
  const careTeam = careTeamForMonth(patientEvents, month, practice.timeZone);

  const drawnOn = new Set<string>([
    enrolled.recorded.id,
    ...eventsOfType(patientEvents, 'BillingPractitionerChanged').map(({ recorded }) => recorded.id),
    ...(initiatingVisit ? [initiatingVisit.eventId] : []),
    ...diagnoses.flatMap((diagnosis) => diagnosis.eventIds),
    ...(consent?.eventIds ?? []),
    ...(carePlan?.eventIds ?? []),
    ...entryEventIds(timeEntries),
    ...entryEventIds(documentedAfterClaim?.timeEntries ?? []),
    ...(documentedAfterClaim?.amendments ?? []).map((amendment) => amendment.eventId),
    ...medicationReconciliations.map((reconciliation) => reconciliation.eventId),
    ...(careTeam ? [...careTeam.careManagers, ...careTeam.members].flatMap((entry) => entry.eventIds) : []),
  ]);

  const { medicareId, payerId, program, qmb, enrolledOn } = record.enrollment;
  const billingSection = billingEvidence(billing);
  return {
    format: PACKET_FORMAT,
    patientId,
    month,
    asOf: asOfLog([...patientEvents, ...(sources.monthClose ? [sources.monthClose] : []), ...(sources.claim ? [sources.claim] : [])]),
    practice,
    patient: { patientId, medicareId, payerId, program, qmb, enrolledOn, eventId: enrolled.recorded.id },
    billingPractitioner,
    initiatingVisit,
    diagnoses,
    consent,
    carePlan,
    timeEntries,
    claimCutoff,
    documentedAfterClaim,
    medicationReconciliations,
    complexity: complexityOf(month, practice.timeZone, billing.complex, timeEntries, carePlan),
    billing: billingSection,
    claim,
    lines: claim ? claim.lines : billingSection.lines,
    audit: auditOf(patientEvents, drawnOn, sources),
    ...(careTeam ? { careTeam } : {}),
  };
}
