import { attestationAfterWrite, type AttestationStatus } from '../billing/rules/attestation';
import type { PatientEvent } from '../patient-stream/patient-event';
import type { StaffSnapshot } from '../patient-stream/practice-context';
import type { ActivityFacts, OnCallAtContact, TimeSource } from './care-activity.events';

export const ACTIVITY_STATUSES = ['RECORDED', 'CORRECTED', 'VOIDED'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** A correction, void or attestation, with its reason (an attestation's statement) and who made it; corrections list the values they set. */
export type ActivityAmendment = {
  action: 'CORRECTED' | 'VOIDED' | 'ATTESTED';
  reason: string;
  by: string;
  minutes: number | null;
  startedAt: string | null;
  summary: string | null;
};

export type CareActivityState = {
  id: string;
  /** A logged call, or the minutes given with a medication reconciliation ("counted like a logged activity"). */
  origin: 'CALL' | 'MEDICATION_RECONCILIATION';
  status: ActivityStatus;
  /** Who wrote the entry down: the performer, or someone documenting for them. */
  documentedBy: StaffSnapshot;
  /** Whether its minutes wait for the performer's attestation (billing/rules/attestation.ts). */
  attestation: AttestationStatus;
  amendments: ActivityAmendment[];
  /** A contact outside the practice's hours, with the clinicians on call when it started; null in hours. */
  afterHours: { onCall: OnCallAtContact[] } | null;
} & ActivityFacts;

/** The activity an event starts, if it starts one. Shared by the record's fold, the patients read model, billing facts and evidence. */
export function activityStartedBy(event: PatientEvent): CareActivityState | null {
  if (event.type === 'CallLogged') {
    const { activityId, kind, performer, startedAt, minutes, direction, summary, source, complexMedicalDecisionMaking, month } = event.data;
    const documentedBy = event.data.documentedBy ?? performer;
    return {
      id: activityId,
      origin: 'CALL',
      kind,
      performer,
      startedAt,
      minutes,
      direction,
      summary,
      source,
      complexMedicalDecisionMaking,
      month,
      status: 'RECORDED',
      documentedBy,
      attestation: attestationAfterWrite(null, performer, documentedBy.staffId),
      amendments: [],
      afterHours: event.data.afterHours ?? null,
    };
  }
  if (event.type === 'MedicationReconciled' && event.data.minutes !== null) {
    const { reconciliationId, performer, reconciledAt, minutes, month, medications, discrepancies } = event.data;
    const documentedBy = event.data.documentedBy ?? performer;
    return {
      id: reconciliationId,
      origin: 'MEDICATION_RECONCILIATION',
      kind: 'MEDICATION_MANAGEMENT',
      performer,
      startedAt: reconciledAt,
      minutes,
      direction: null,
      summary: `Medication reconciliation: ${medications.length} medication(s), ${discrepancies.length} discrepancy(ies)`,
      source: 'MANUAL_ENTRY',
      complexMedicalDecisionMaking: false,
      month,
      status: 'RECORDED',
      documentedBy,
      attestation: attestationAfterWrite(null, performer, documentedBy.staffId),
      amendments: [],
      afterHours: null,
    };
  }
  return null;
}

/**
 * How the minutes an event documents were obtained, if it starts a time entry: one definition of provenance for
 * the activity, the audit trail's manualEntry and the evidence packet. A reconciliation's minutes are typed in.
 */
export const timeSourceOf = (event: PatientEvent): TimeSource | null => activityStartedBy(event)?.source ?? null;

/** The id of the activity an event amends, if it amends one. */
export const activityAmendedBy = (event: PatientEvent): string | null =>
  event.type === 'CallCorrected' || event.type === 'CallVoided' || event.type === 'CareActivityAttested' ? event.data.activityId : null;

/**
 * The attestation an entry needs after an amendment: a correction by someone other than a practitioner performer
 * asks for a new one, the performer's attestation gives it, a void changes nothing. Shared with billing's facts.
 */
export function attestationAfter(current: AttestationStatus, performer: Pick<StaffSnapshot, 'staffId' | 'credential'>, event: PatientEvent): AttestationStatus {
  if (event.type === 'CallCorrected') return attestationAfterWrite(current, performer, event.data.correctedBy);
  if (event.type === 'CareActivityAttested') return 'ATTESTED';
  return current;
}

/** Applies a correction or void to its activity (the caller has matched the id). */
export function amendActivity(activity: CareActivityState, event: PatientEvent): CareActivityState {
  if (event.type === 'CallCorrected') {
    const { minutes, startedAt, summary, month, reason, correctedBy } = event.data;
    return {
      ...activity,
      minutes: minutes ?? activity.minutes,
      startedAt: startedAt ?? activity.startedAt,
      summary: summary ?? activity.summary,
      month,
      status: 'CORRECTED',
      attestation: attestationAfter(activity.attestation, activity.performer, event),
      amendments: [...activity.amendments, { action: 'CORRECTED', reason, by: correctedBy, minutes, startedAt, summary }],
    };
  }
  if (event.type === 'CareActivityAttested') {
    const { attestedBy, statement } = event.data;
    return {
      ...activity,
      attestation: attestationAfter(activity.attestation, activity.performer, event),
      amendments: [
        ...activity.amendments,
        { action: 'ATTESTED', reason: statement ?? '', by: attestedBy.staffId, minutes: null, startedAt: null, summary: null },
      ],
    };
  }
  if (event.type === 'CallVoided') {
    const { reason, voidedBy } = event.data;
    return {
      ...activity,
      status: 'VOIDED',
      amendments: [...activity.amendments, { action: 'VOIDED', reason, by: voidedBy, minutes: null, startedAt: null, summary: null }],
    };
  }
  return activity;
}

/** In the order they were recorded. */
export function evolveCareActivities(activities: CareActivityState[], event: PatientEvent): CareActivityState[] {
  const started = activityStartedBy(event);
  if (started) return [...activities, started];
  const amendedId = activityAmendedBy(event);
  if (amendedId === null) return activities;
  return activities.map((activity) => (activity.id === amendedId ? amendActivity(activity, event) : activity));
}

export const findActivity = (activities: readonly CareActivityState[], id: string): CareActivityState | undefined =>
  activities.find((activity) => activity.id === id);
