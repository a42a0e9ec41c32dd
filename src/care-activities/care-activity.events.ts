import type { DomainEvent } from '../kernel/decider';
import type { StaffSnapshot } from '../patient-stream/practice-context';

export const CARE_ACTIVITY_KINDS = [
  'PATIENT_CALL',
  'SECURE_MESSAGE',
  'CARE_COORDINATION',
  'MEDICATION_MANAGEMENT',
  'CARE_PLAN_WORK',
  'EDUCATION',
  'TRANSITION_OF_CARE',
] as const;
export type CareActivityKind = (typeof CARE_ACTIVITY_KINDS)[number];

export const CALL_DIRECTIONS = ['OUTBOUND', 'INBOUND'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Provenance of logged minutes, shown to auditors (a high share of manual time is a warning). */
export const TIME_SOURCES = ['LIVE_TIMER', 'MANUAL_ENTRY'] as const;
export type TimeSource = (typeof TIME_SOURCES)[number];

/** A time entry of care management, copying what an auditor needs about it as it was then (ccm-rules §4). */
/** What a time entry records, as logged and as the record keeps it (corrections replace some of it). */
export type ActivityFacts = {
  kind: CareActivityKind;
  performer: StaffSnapshot;
  startedAt: string;
  minutes: number;
  direction: CallDirection | null;
  summary: string;
  source: TimeSource;
  complexMedicalDecisionMaking: boolean;
  /** Calendar month of startedAt in the practice's zone when recorded. */
  month: string;
};

/** A clinician on call when an after-hours contact started: their shift of the on-call schedule, as it was then. */
export type OnCallAtContact = { shiftId: string; clinician: StaffSnapshot; phone: string };

export type CallLogged = DomainEvent<
  'CallLogged',
  { patientId: string; practiceId: string; activityId: string } & ActivityFacts & {
      /**
       * Who wrote the entry (the signed-in author), as they were then; may differ from the performer ("documented by X
       * for Y"). Absent on entries logged before the two were told apart, which their performers wrote.
       */
      documentedBy?: StaffSnapshot;
      /**
       * An after-hours contact (the author said so) and every clinician on call when it started. Absent on contacts
       * in hours and on entries logged before after-hours contacts were recorded.
       */
      afterHours?: { onCall: OnCallAtContact[] };
    }
>;

/** Replaces the given values of an earlier entry; the original event is never changed. */
export type CallCorrected = DomainEvent<
  'CallCorrected',
  {
    patientId: string;
    practiceId: string;
    activityId: string;
    /** null: unchanged. */
    minutes: number | null;
    startedAt: string | null;
    summary: string | null;
    /** The entry's month after the correction. */
    month: string;
    reason: string;
    correctedBy: string;
  }
>;

export type CallVoided = DomainEvent<
  'CallVoided',
  {
    patientId: string;
    practiceId: string;
    activityId: string;
    reason: string;
    voidedBy: string;
  }
>;

/** The performer confirms an entry someone else documented (or corrected) for them: from now on its minutes count. */
export type CareActivityAttested = DomainEvent<
  'CareActivityAttested',
  {
    patientId: string;
    practiceId: string;
    activityId: string;
    /** The performer, as registered when they attested. */
    attestedBy: StaffSnapshot;
    statement: string | null;
  }
>;

export type CareActivityEvent = CallLogged | CallCorrected | CallVoided | CareActivityAttested;
export const CARE_ACTIVITY_EVENT_TYPES: CareActivityEvent['type'][] = ['CallLogged', 'CallCorrected', 'CallVoided', 'CareActivityAttested'];
