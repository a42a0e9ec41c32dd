import type { BillingLineView } from '../../billing/read/billing-views';
import type { ActivityStatus } from '../../care-activities/care-activity.state';
import type { CallDirection, CareActivityKind, TimeSource } from '../../care-activities/care-activity.events';
import type { ConsentDisclosures, ConsentMethod } from '../../consent/consent.events';
import type { MedicationEntry } from '../../medications/medication.events';
import type { Program } from '../../patients/patient.events';
import type { PacketLedger } from '../../ledger/packet-ledger';
import type { StaffSnapshot } from '../../patients/practice-context';

/**
 * The evidence packet of one patient-month (ccm-rules §4): everything an auditor or payer must see, as one plain JSON
 * document. Its canonical JSON is what CareLedger signs, so every field is JSON (no undefined, no Date) and the
 * document is fully determined by the log, the billing evaluation and `generatedAt`.
 *
 * Every item names the events it comes from (`eventId`, `eventIds`), and `audit.sourceEvents` lists them all with
 * their stream, revision and hash, so a reviewer can match each statement to the audit trail.
 *
 * Bump PACKET_FORMAT when a field changes meaning or disappears; adding a field is compatible.
 */
export const PACKET_FORMAT = 'careledger-evidence-packet/1';

/** A person as the event recorded them then: id, name, credential and NPI at the time. */
export type Staff = StaffSnapshot;

export interface EvidencePacketDocument {
  format: typeof PACKET_FORMAT;
  patientId: string;
  month: string;
  generatedAt: string;
  practice: { practiceId: string; name: string | null; timeZone: string; npi: string | null; taxId: string | null };
  /** Identifiers only: the Medicare id identifies the beneficiary to a payer; no name, address or birth date. */
  patient: { patientId: string; medicareId: string | null; payerId: string | null; program: Program; qmb: boolean; enrolledOn: string; eventId: string };
  billingPractitioner: Staff;
  initiatingVisit: InitiatingVisitEvidence | null;
  /** Conditions documented for the month; `qualifying` marks the ICD-10-CM codes the claim names. */
  diagnoses: DiagnosisEvidence[];
  consent: ConsentEvidence | null;
  carePlan: CarePlanEvidence | null;
  /** Every time entry of the month (its start, after corrections, lies in the month in the practice's zone). */
  timeEntries: TimeEntryEvidence[];
  medicationReconciliations: ReconciliationEvidence[];
  complexity: ComplexityEvidence;
  /** The rules engine's evaluation of the month: the codes and why. */
  billing: BillingEvidence;
  /** The claim as submitted (from its ClaimSubmitted event), or null while none was. */
  claim: ClaimEvidence | null;
  /** The billed lines: the claim's when submitted, the evaluation's otherwise. */
  lines: BillingLineView[];
  audit: AuditEvidence;
  /** The signed ledger head and the inclusion proof of every event in audit.sourceEvents (added by the service). */
  ledger?: PacketLedger;
}

export interface InitiatingVisitEvidence { visitDate: string; kind: string; practitioner: Staff; eventId: string }

export interface DiagnosisEvidence {
  icd10: string;
  description: string;
  onset: string | null;
  recordedOn: string;
  expectedDurationMonths: number;
  placesAtSignificantRisk: boolean;
  resolvedOn: string | null;
  qualifying: boolean;
  eventIds: string[];
}

export interface ConsentEvidence {
  /** The consent covered the month: for its billing practitioner and not revoked before the month began. */
  coversMonth: boolean;
  method: ConsentMethod;
  givenAt: string;
  recordedBy: string;
  disclosures: ConsentDisclosures;
  documentReference: string | null;
  billingPractitionerId: string;
  revokedAt: string | null;
  revocationReason: string | null;
  revokedBy: string | null;
  eventIds: string[];
}

export interface CarePlanEvidence {
  /** The version in force at the end of the month (valid time). */
  version: number;
  problems: string[];
  expectedOutcomes: string;
  goals: string[];
  symptomManagement: string;
  interventions: string[];
  medicationManagement: string;
  communityResources: string | null;
  coordinationNotes: string | null;
  reviewBy: string;
  effectiveAt: string;
  lastRevisedAt: string;
  createdBy: Staff;
  revisions: { version: number; effectiveAt: string; substantial: boolean; reason: string; revisedBy: Staff; changed: string[]; eventId: string }[];
  /** Copies given to the patient by the end of the month. */
  shares: { version: number; sharedAt: string; channel: string; sharedBy: string; eventId: string }[];
  eventIds: string[];
}

export interface TimeEntryEvidence {
  id: string;
  /** A logged call, or the minutes given with a medication reconciliation. */
  origin: 'CALL' | 'MEDICATION_RECONCILIATION';
  kind: CareActivityKind;
  performer: Staff;
  startedAt: string;
  /** After corrections. */
  minutes: number;
  direction: CallDirection | null;
  summary: string;
  source: TimeSource;
  complexMedicalDecisionMaking: boolean;
  status: ActivityStatus;
  month: string;
  /** Store time of the entry: a late entry shows here. */
  recordedAt: string;
  /** Whether its minutes count toward the month's codes, and why not. */
  counted: boolean;
  exclusionReason: string | null;
  eventId: string;
  amendments: { action: 'CORRECTED' | 'VOIDED'; reason: string; by: string; minutes: number | null; startedAt: string | null; summary: string | null; recordedAt: string; eventId: string }[];
}

export interface ReconciliationEvidence {
  id: string;
  reconciledAt: string;
  performer: Staff;
  medications: MedicationEntry[];
  discrepancies: string[];
  minutes: number | null;
  recordedAt: string;
  eventId: string;
}

export interface ComplexityEvidence {
  /** Complex CCM (99487/99489) conditions met this month. */
  complex: boolean;
  /** Time entries documenting moderate or high medical decision making. */
  medicalDecisionMakingEntries: string[];
  carePlanEstablishedInMonth: boolean;
  /** Versions of the care plan substantially revised in the month. */
  substantialRevisions: number[];
}

export interface BillingOptionEvidence { track: string; lines: BillingLineView[]; expectedPaymentCents: number; amountUnknown: boolean }

export interface BillingEvidence {
  ruleYear: number;
  program: Program;
  /** OPEN, CLOSED, AMENDED_AFTER_CLOSE or SUBMITTED. */
  status: string;
  closedAt: string | null;
  /** The track of the billed lines: STAFF, PRACTITIONER, COMPLEX or APCM; null when nothing is billed. */
  track: string | null;
  clinicalStaffMinutes: number;
  practitionerMinutes: number;
  complex: boolean;
  lines: BillingLineView[];
  expectedPaymentCents: number;
  patientCoinsuranceCents: number;
  amountUnknown: boolean;
  claimReady: boolean;
  blockers: string[];
  warnings: string[];
  minutesToNextCode: number | null;
  alternatives: BillingOptionEvidence[];
  notes: string[];
  excludedTimeEntries: { activityId: string; reason: string }[];
}

export interface ClaimEvidence {
  payerId: string;
  submittedAt: string;
  dateOfService: string;
  basis: string;
  lines: BillingLineView[];
  expectedPaymentCents: number;
  patientCoinsuranceCents: number;
  diagnoses: string[];
  renderingNpi: string;
  billingNpi: string;
  medicareId: string;
  taxId: string;
  eventId: string;
}

export interface SourceEvent { stream: string; revision: string; eventId: string; type: string; recordedAt: string; hash: string | null }

export interface AuditEvidence {
  stream: string;
  /** Events of the patient's stream when the packet was generated, all re-hashed for this packet. */
  eventsChecked: number;
  /** Hash of the stream's last event, recomputed from the event store: it seals everything before it. */
  headHash: string;
  /** The events this packet draws on, in log order (the patient's stream first, then the claim). */
  sourceEvents: SourceEvent[];
}
