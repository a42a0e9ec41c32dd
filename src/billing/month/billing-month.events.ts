import type { DomainEvent } from '../../kernel/decider';
import type { PatientEnrolled } from '../../patients/patient.events';

/**
 * Stream `billing-<practiceId>-<YYYY-MM>` (architecture decision 3): the close of one practice's billing month and
 * the claims submitted for it. No PHI in the name: practice ids and months only.
 */
export const billingStream = (practiceId: string, month: string) => `billing-${practiceId}-${month}`;
export const BILLING_STREAM_PREFIX = 'billing-';

/** One billed code as evaluated: amounts in cents, null where the fee schedule has no verified figure. */
export type BilledLine = {
  cptCode: string;
  units: number;
  unitAmountCents: number | null;
  amountCents: number | null;
};

/**
 * What the rules engine said about one patient-month, reduced to what a close or a claim must freeze: the codes,
 * the money, the minutes behind them, and why it could not be billed.
 */
export type PatientMonthFigures = {
  patientId: string;
  claimReady: boolean;
  lines: BilledLine[];
  expectedPaymentCents: number;
  amountUnknown: boolean;
  patientCoinsuranceCents: number;
  clinicalStaffMinutes: number;
  practitionerMinutes: number;
  blockers: string[];
  warnings: string[];
};

export type BillingMonthTotals = {
  patientCount: number;
  claimReadyCount: number;
  totalExpectedPaymentCents: number;
  /** Some claim-ready line has no verified amount, so the total understates the payment. */
  amountUnknown: boolean;
};

/**
 * One part of a close's snapshot: patient-months as they stood at the close, in patient id order. A close writes its
 * snapshot in parts of bounded size (close-snapshot.ts), all in the same append just before its BillingMonthClosed,
 * so that a practice of any size stays within EventStoreDB's event size limit.
 */
export type BillingMonthSnapshotRecorded = DomainEvent<
  'BillingMonthSnapshotRecorded',
  {
    practiceId: string;
    month: string;
    /** 0-based, consecutive. */
    part: number;
    patients: PatientMonthFigures[];
  }
>;

/**
 * The month is closed for billing: the snapshot of every patient-month as it stood, so later entries can be shown
 * next to it (AMENDED_AFTER_CLOSE) instead of silently changing it. Who closed it is in the metadata.
 */
export type BillingMonthClosed = DomainEvent<
  'BillingMonthClosed',
  {
    practiceId: string;
    month: string;
    /** The practice's zone at close: the month's boundaries were counted in it. */
    timeZone: string;
    /** The service year whose rules and amounts evaluated the snapshot. */
    ruleYear: number;
    totals: BillingMonthTotals;
    /** The number of BillingMonthSnapshotRecorded parts right before this event that hold the snapshot. */
    snapshotParts?: number;
    /** The whole snapshot, in closes recorded before it was written in parts (logs of that time stay readable). */
    patients?: PatientMonthFigures[];
    /** Present (true) when the snapshot was evaluated on provisional rules and the closer acknowledged it. */
    provisionalRules?: true;
  }
>;

/** Which evaluation a claim billed: the one frozen at close, or the one amended after it (claim-basis.ts). */
export type ClaimBasis = 'CLOSED' | 'AMENDED';

/** Who and what a claim names besides the codes (CMS-1500 / 837P essentials), copied as they were at submission. */
export type ClaimParties = {
  medicareId: string;
  /** ICD-10-CM codes of the qualifying conditions, at most four (one claim line points to up to four). */
  diagnoses: string[];
  /** The billing practitioner who rendered (supervised) the care management. */
  renderingNpi: string;
  /** The practice's group NPI, or the practitioner's own when the practice has none. */
  billingNpi: string;
  taxId: string;
};

/** The patient as a claim names them (CMS-1500 boxes 2, 3 and 5; 837P loop 2010BA), copied from the enrolment. */
export type ClaimPatient = Pick<PatientEnrolled['data'], 'name' | 'birthDate'> & {
  sex: NonNullable<PatientEnrolled['data']['sex']> | null;
  address: NonNullable<PatientEnrolled['data']['address']> | null;
};

/** A patient-month's claim was sent to a payer: copied lines and parties, so the claim never changes afterwards. */
export type ClaimSubmitted = DomainEvent<
  'ClaimSubmitted',
  {
    practiceId: string;
    month: string;
    patientId: string;
    payerId: string;
    /** CMS convention for monthly care management: the last day of the service month. */
    dateOfService: string;
    basis: ClaimBasis;
    lines: BilledLine[];
    expectedPaymentCents: number;
    patientCoinsuranceCents: number;
    amountUnknown: boolean;
    /** Present (true) when the month was evaluated on provisional rules and the submitter acknowledged it. */
    provisionalRules?: true;
    /** CMS place-of-service code (CMS-1500 box 24B): the claim's own, else the practice's, else office (policies.ts). Absent in claims recorded before it. */
    placeOfService?: string;
    /** Absent in claims recorded before claims named the patient. */
    patient?: ClaimPatient;
  } & ClaimParties
>;

export type BillingMonthEvent = BillingMonthSnapshotRecorded | BillingMonthClosed | ClaimSubmitted;
export const BILLING_MONTH_EVENT_TYPES: BillingMonthEvent['type'][] = ['BillingMonthSnapshotRecorded', 'BillingMonthClosed', 'ClaimSubmitted'];
