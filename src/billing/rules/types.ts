/**
 * Input and output of the billing rules engine (one patient, one calendar month).
 *
 * The billing projection gathers `PatientMonthFacts` from the patient's events; `evaluatePatientMonth` turns
 * them into a `PatientMonthResult`. Every date here is valid time (when the thing happened), never the time it
 * was typed in, except the explicit `recordedAt` / `amendedAt` fields that feed the audit warnings
 * (ccm-rules.md §2, last paragraphs).
 *
 * Formats: `Instant` is an ISO-8601 instant with offset or `Z` (e.g. 2026-03-31T23:30:00-04:00); `LocalDate` is
 * an ISO calendar date (2026-03-31) in the practice's time zone; `YearMonth` is 2026-03.
 */
import type { AttestationStatus } from './attestation';
import type { TimeSource } from '../../care-activities/care-activity.events';
import type { ConsentMethod } from '../../consent/consent.events';
import type { InitiatingVisitKind, Program } from '../../patients/patient.events';
import type { BehaviouralHealthModel } from '../../practice/practice.events';
import type { StaffCredential } from '../../practice/staff-credential';

export type Instant = string;
export type LocalDate = string;
export type YearMonth = string;

/** Enumerations owned by the slices that record them; the rules read them as they are. */
export type { BehaviouralHealthModel, ConsentMethod, InitiatingVisitKind, Program, StaffCredential, TimeSource };

export interface ChronicConditionFact {
  icd10: string;
  /** Onset date; when absent the condition counts from `recordedAt`. */
  onset: LocalDate | null;
  recordedAt: Instant;
  /** Date the condition was resolved (it still counts on that day); null while active. */
  resolvedOn: LocalDate | null;
  expectedDurationMonths: number;
  /** "Expected to last ... or until the death of the patient" (CPT descriptor) without a month count. */
  lastsUntilDeath?: boolean;
  placesAtSignificantRisk: boolean;
}

/** The four disclosures CMS requires at consent (MAC NGS; Noridian Q&A 2017). */
export interface ConsentDisclosures {
  serviceAvailability: boolean;
  costSharing: boolean;
  singlePractitionerPerMonth: boolean;
  rightToStop: boolean;
}

/**
 * The patient's most recent consent given on or before the end of the month (the projection picks it), with its
 * revocation if any. A consent given after a revocation replaces it here.
 */
export interface ConsentFact {
  givenAt: Instant;
  method: ConsentMethod;
  disclosures: ConsentDisclosures;
  /** Required for WRITTEN consent (scanned form id, document id). */
  documentReference: string | null;
  /** The billing practitioner the consent was given for; a new billing practitioner needs a new consent. */
  practitionerId: string;
  revokedAt: Instant | null;
}

export interface CarePlanRevisionFact {
  effectiveAt: Instant;
  /** Shown to auditors; since the 2021 CPT descriptor complex CCM no longer needs a substantial revision. */
  substantial: boolean;
}

export interface CarePlanFact {
  /** When the plan was agreed (valid time), not when it was typed in. */
  effectiveAt: Instant;
  /** Credential of whoever created it; only practitioners may create a plan (nurses may revise). */
  creatorCredential: StaffCredential;
  /** All CMS elements present: problem list, outcomes/prognosis, measurable goals, symptom management, planned
   * interventions, medication management, community resources, coordination, review date (CMS MLN909188). */
  allRequiredElementsPresent: boolean;
  revisions: CarePlanRevisionFact[];
  /** When a copy was given to the patient; null if never. */
  sharedWithPatientAt: Instant | null;
}

export interface InitiatingVisitFact {
  date: LocalDate;
  practitionerId: string;
  /** Anything else recorded as a visit kind is ignored by the initiating-visit rule. */
  kind: InitiatingVisitKind | string;
}

/**
 * One logged activity, as it stands after corrections. The projection may also pass neighbouring entries: those
 * whose `startedAt` falls in another month of the practice's zone are ignored.
 */
export interface TimeEntryFact {
  id: string;
  startedAt: Instant;
  /** Minutes after the latest correction. */
  minutes: number;
  performerId: string;
  /** The performer's credential when the work was done (events copy it). */
  performerCredential: StaffCredential;
  voided: boolean;
  source: TimeSource;
  /** When the entry was first recorded (store time): feeds LATE_ENTRY. */
  recordedAt: Instant;
  /** Store time of its latest correction or void, if any: feeds AMENDED_AFTER_CLOSE. */
  amendedAt: Instant | null;
  /** Moderate or high medical decision making documented with this activity; counts for complex CCM on the billing practitioner's own entries. */
  complexMedicalDecisionMaking: boolean;
  /** AWAITING_ATTESTATION: a practitioner's time documented by someone else, not yet attested; none of it counts (attestation.ts). */
  attestation: AttestationStatus;
}

/** A service billed outside the CCM record (recordExternalService): TCM, RPM, CCM by another practice ... */
export interface ExternalServiceFact {
  serviceDate: LocalDate;
  cptCode: string;
  billedByNpi: string;
  /** True when `billedByNpi` is this patient's billing practitioner (the projection compares the NPIs). */
  billedByBillingPractitioner: boolean;
  /** Recorded for completeness; these minutes are never CCM minutes (ccm-rules.md §2). */
  minutes: number | null;
  /**
   * When the service began and ended (valid time), when recorded: a face-to-face visit or an inpatient stay sets its
   * span apart from care-management minutes (ccm-rules.md §1 "a minute counts once"). Without them the whole service
   * date is set apart (policies.ts).
   */
  startedAt?: Instant | null;
  endedAt?: Instant | null;
}

/**
 * Behavioural health integration the practice provides under APCM, for a patient with an active behavioural-health
 * condition this month (ccm-rules.md §1 G0568–G0570). The model is the practice's; `firstMonth` marks the patient's
 * first month of it (collaborative care bills a first month differently).
 */
export interface BehaviouralHealthFact {
  model: BehaviouralHealthModel;
  firstMonth: boolean;
}

export interface MonthCloseFact {
  /** Store time at which the billing month was closed; null while open. */
  closedAt: Instant | null;
  /** Something other than a time entry (consent, care plan, external service...) was recorded after close. */
  otherFactsAmendedAfterClose: boolean;
}

/** Everything the rules need about one patient in one calendar month of the practice's time zone. */
export interface PatientMonthFacts {
  month: YearMonth;
  /** IANA zone from configurePractice; month boundaries are counted in it. */
  timeZone: string;
  program: Program;
  /** Qualified Medicare Beneficiary: no cost sharing may be billed; selects G0558 for APCM. */
  qmb: boolean;
  billingPractitionerId: string;
  /**
   * When care management started: the first counted minute under the consent in force (any month). The initiating
   * visit must precede it. Absent: the first counted minute of this month, else the consent, else the month's end.
   */
  careManagementStartedAt?: Instant | null;
  /** Day of enrolment (practice zone): time dated before it does not count. Absent in older callers: no bound. */
  enrolledOn?: LocalDate | null;
  /** First day the patient is no longer enrolled (unenrolment, practice zone): time dated from it does not count. */
  unenrolledFrom?: LocalDate | null;
  /**
   * The latest coverage verification recorded by the month's end; null when none was. Absent (older callers): not
   * assessed, no warning.
   */
  coverageVerifiedAt?: Instant | null;
  conditions: ChronicConditionFact[];
  consent: ConsentFact | null;
  carePlan: CarePlanFact | null;
  initiatingVisits: InitiatingVisitFact[];
  timeEntries: TimeEntryFact[];
  externalServices: ExternalServiceFact[];
  /** The practice's consent renewal period in months (policies.ts: none unless the practice sets one); absent or null: none. */
  consentRenewalMonths?: number | null;
  /** APCM only: behavioural health integration provided this month; absent or null when none. */
  behaviouralHealth?: BehaviouralHealthFact | null;
  monthClose: MonthCloseFact;
}

export type Blocker =
  | 'NOT_ELIGIBLE'
  | 'NO_CONSENT'
  | 'NO_CARE_PLAN'
  | 'CARE_PLAN_NOT_SHARED'
  | 'NO_INITIATING_VISIT'
  | 'INSUFFICIENT_TIME'
  | 'DUPLICATE_BILLER'
  | 'CONFLICTING_SERVICE'
  | 'CONSENT_REVOKED';

/** Blockers are always reported in this order. */
export const BLOCKER_ORDER: readonly Blocker[] = [
  'NOT_ELIGIBLE',
  'NO_CONSENT',
  'NO_CARE_PLAN',
  'CARE_PLAN_NOT_SHARED',
  'NO_INITIATING_VISIT',
  'INSUFFICIENT_TIME',
  'DUPLICATE_BILLER',
  'CONFLICTING_SERVICE',
  'CONSENT_REVOKED',
];

/** OVERLAPPING_ENTRIES: one performer's entries overlap; the overlap counted once (the note names both entries). */
/** PROVISIONAL_RULES: the service year has no published rules in CareLedger; evaluated under the latest year's. */
/** UNATTESTED_TIME: a practitioner's time of the month documented by someone else awaits their attestation (excluded until then). */
/** COVERAGE_NOT_VERIFIED: no coverage verification by the month's end, or a stale one (RuleSet.coverageVerification). */
export type Warning =
  'LATE_ENTRY' | 'MANUAL_TIME' | 'AMENDED_AFTER_CLOSE' | 'OVERLAPPING_ENTRIES' | 'PROVISIONAL_RULES' | 'UNATTESTED_TIME' | 'COVERAGE_NOT_VERIFIED';
export const WARNING_ORDER: readonly Warning[] = [
  'LATE_ENTRY',
  'MANUAL_TIME',
  'AMENDED_AFTER_CLOSE',
  'OVERLAPPING_ENTRIES',
  'PROVISIONAL_RULES',
  'UNATTESTED_TIME',
  'COVERAGE_NOT_VERIFIED',
];

/**
 * Why a time entry, or some of its minutes, did not count; shown to auditors next to the codes. Other slices may add
 * reasons (e.g. unattested practitioner time): the list is open to extension, the explanation says it in words.
 */
export type ExclusionReason =
  | 'OTHER_MONTH'
  | 'VOIDED'
  | 'NON_CLINICAL'
  | 'BEFORE_ENROLMENT'
  | 'AFTER_UNENROLMENT'
  | 'NO_VALID_CONSENT'
  | 'BEFORE_CONSENT'
  | 'CONSENT_REVOKED'
  | 'OVERLAPS_OWN_ENTRY'
  | 'DURING_FACE_TO_FACE_VISIT'
  | 'DURING_INPATIENT_STAY'
  | 'AWAITING_ATTESTATION';

/** A time entry of the month that did not count, in full or in part. */
export interface ExcludedTimeEntry {
  id: string;
  /** The reason for most of the excluded minutes. */
  reason: ExclusionReason;
  /** Minutes of the entry that did not count (all of them unless part of it still counted). */
  minutes: number;
  /** The reason in words a reviewer understands, naming what the minutes overlapped. */
  explanation: string;
}

export interface BillingLine {
  cptCode: string;
  units: number;
  /** Amount of one unit in the service year's schedule; null when the schedule has no verified figure. */
  unitAmountCents: number | null;
  /** units × unitAmountCents; null when unknown. */
  amountCents: number | null;
}

export interface BillingOption {
  /** STAFF, PRACTITIONER, COMPLEX (time tracks) or APCM. */
  track: TrackId | 'APCM';
  lines: BillingLine[];
  /** Sum of the known line amounts. */
  expectedPaymentCents: number;
  /** True when at least one line's amount is unknown (null), so the sum understates the payment. */
  amountUnknown: boolean;
}

export type TrackId = 'STAFF' | 'PRACTITIONER' | 'COMPLEX';

export interface PatientMonthResult {
  month: YearMonth;
  program: Program;
  /** Counted minutes of clinical staff and of practitioners other than the billing one. */
  clinicalStaffMinutes: number;
  /** Counted minutes of the billing practitioner. */
  practitionerMinutes: number;
  /** CCM only: the billing practitioner's moderate/high MDM and a valid care plan in force (implemented, monitored) this month. */
  complex: boolean;
  /** The chosen option's lines; empty when any blocker applies. */
  lines: BillingLine[];
  expectedPaymentCents: number;
  amountUnknown: boolean;
  /** 20 % of the expected payment, rounded to the cent; 0 for QMB. Part B deductible ignored (see notes). */
  patientCoinsuranceCents: number;
  claimReady: boolean;
  blockers: Blocker[];
  /**
   * What the best compliant option would pay were the blockers lifted (time counted as it is); 0 when claim-ready or
   * when the time itself falls short. Program metrics sum it as "what the blocked months would have paid".
   */
  paymentIfUnblockedCents?: number;
  warnings: Warning[];
  /** Fewest further counted minutes that would change the billed codes; null when no minute can. */
  minutesToNextCode: number | null;
  /** The code those minutes reach (a base code, or an add-on's next unit); null with minutesToNextCode. */
  nextCode: string | null;
  /** The other compliant options, best first; empty when the month is blocked. */
  alternatives: BillingOption[];
  /** Free-text caveats for the reader, e.g. that the deductible is ignored. */
  notes: string[];
  excludedTimeEntries: ExcludedTimeEntry[];
}
