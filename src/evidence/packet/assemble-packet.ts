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
import { consentForMonth } from './consent';
import { diagnosesForMonth } from './diagnoses';
import { PACKET_FORMAT, type AuditEvidence, type CarePlanEvidence, type ComplexityEvidence, type EvidencePacketDocument, type TimeEntryEvidence } from './evidence-packet';
import { initiatingVisitFor } from './initiating-visit';
import { reconciliationsIn } from './reconciliations';
import { timeEntriesOf } from './time-entries';
import { asPatientEvent, eventsOfType, recordedAtOf } from './recorded-events';

/** What a packet is made of; the service gathers it, assemblePacket only combines it. */
export interface PacketSources {
  patientId: string;
  month: string;
  generatedAt: Date;
  practice: EvidencePacketDocument['practice'];
  /** The patient's whole stream, oldest first, read from the event store. */
  patientEvents: readonly RecordedEvent[];
  /** Who bills the month (billing's billingPractitionerIn). */
  billingPractitioner: StaffSnapshot;
  /** ICD-10-CM codes the month's claim names (billing's claimDiagnoses). */
  qualifyingDiagnoses: readonly string[];
  /** The rules engine's evaluation of the month. */
  billing: PatientBillingMonthView;
  /** The month's ClaimSubmitted event, when a claim was submitted. */
  claim: RecordedEvent | null;
}

function complexityOf(month: string, timeZone: string, complex: boolean, timeEntries: TimeEntryEvidence[], carePlan: CarePlanEvidence | null): ComplexityEvidence {
  const inMonth = (instant: string) => monthOf(new Date(instant), timeZone) === month;
  return {
    complex,
    medicalDecisionMakingEntries: timeEntries.filter((entry) => entry.complexMedicalDecisionMaking && entry.counted).map((entry) => entry.id),
    carePlanEstablishedInMonth: carePlan !== null && inMonth(carePlan.effectiveAt),
    substantialRevisions: (carePlan?.revisions ?? []).filter((revision) => revision.substantial && inMonth(revision.effectiveAt)).map((revision) => revision.version),
  };
}

function auditOf(events: readonly RecordedEvent[], drawnOn: ReadonlySet<string>, claim: RecordedEvent | null): AuditEvidence {
  // The packet is signed over the log as it is: a broken chain means the record was altered outside CareLedger.
  const chain = verifyHashChain(events);
  if (!chain.valid || chain.headHash === null) {
    throw preconditionFailed('AUDIT_TRAIL_BROKEN', `The patient's record fails its hash-chain check at revision ${chain.firstBrokenRevision}; no evidence is signed over it`);
  }
  const sources = [...events.filter((event) => drawnOn.has(event.id)), ...(claim ? [claim] : [])];
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
  };
}

/**
 * One patient-month's evidence (ccm-rules §4) from the log and the billing evaluation. Pure: the same sources give
 * the same document, byte for byte once canonicalised.
 */
export function assemblePacket(sources: PacketSources): EvidencePacketDocument {
  const { patientId, month, practice, patientEvents, billingPractitioner, billing } = sources;
  const [enrolled] = eventsOfType(patientEvents, 'PatientEnrolled');
  const record = fold<PatientEvent, ReturnType<typeof initialPatientRecord>>({ initialState: initialPatientRecord, evolve: evolvePatientRecord }, patientEvents.map(asPatientEvent));
  if (!enrolled || !record.enrollment) throw new Error('assemblePacket: the stream has no PatientEnrolled event');

  const excluded = new Map(billing.excludedTimeEntries.map((exclusion) => [exclusion.activityId, exclusion]));
  const timeEntries = timeEntriesOf(patientEvents, month, excluded);
  const carePlan = carePlanInForce(patientEvents, monthBounds(month, practice.timeZone).end);
  const consent = consentForMonth(patientEvents, month, practice.timeZone, billingPractitioner.staffId);
  const diagnoses = diagnosesForMonth(patientEvents, month, sources.qualifyingDiagnoses);
  const initiatingVisit = initiatingVisitFor(patientEvents, month, billingPractitioner.staffId);
  const medicationReconciliations = reconciliationsIn(patientEvents, month);
  const claim = sources.claim && claimEvidence(sources.claim);

  const drawnOn = new Set<string>([
    enrolled.recorded.id,
    ...eventsOfType(patientEvents, 'BillingPractitionerChanged').map(({ recorded }) => recorded.id),
    ...(initiatingVisit ? [initiatingVisit.eventId] : []),
    ...diagnoses.flatMap((diagnosis) => diagnosis.eventIds),
    ...(consent?.eventIds ?? []),
    ...(carePlan?.eventIds ?? []),
    ...timeEntries.flatMap((entry) => [entry.eventId, ...entry.amendments.map((amendment) => amendment.eventId)]),
    ...medicationReconciliations.map((reconciliation) => reconciliation.eventId),
  ]);

  const { medicareId, payerId, program, qmb, enrolledOn } = record.enrollment;
  const billingSection = billingEvidence(billing);
  return {
    format: PACKET_FORMAT,
    patientId,
    month,
    generatedAt: sources.generatedAt.toISOString(),
    practice,
    patient: { patientId, medicareId, payerId, program, qmb, enrolledOn, eventId: enrolled.recorded.id },
    billingPractitioner,
    initiatingVisit,
    diagnoses,
    consent,
    carePlan,
    timeEntries,
    medicationReconciliations,
    complexity: complexityOf(month, practice.timeZone, billing.complex, timeEntries, carePlan),
    billing: billingSection,
    claim,
    lines: claim ? claim.lines : billingSection.lines,
    audit: auditOf(patientEvents, drawnOn, sources.claim),
  };
}
