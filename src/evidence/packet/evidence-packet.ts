import type { ExportedEvent } from '../../audit/export/export-line';
import type { BillingLineView } from '../../billing/read/billing-views';
import type { AttestationStatus } from '../../billing/rules/attestation';
import type { ActivityAmendment, ActivityStatus } from '../../care-activities/care-activity.state';
import type { CallDirection, CareActivityKind, OnCallAtContact, TimeSource } from '../../care-activities/care-activity.events';
import type { CarePlanContent } from '../../care-plans/care-plan.events';
import type { ConsentDisclosures, ConsentMethod } from '../../consent/consent.events';
import type { MedicationEntry } from '../../medications/medication.events';
import type { Program } from '../../patients/patient.events';
import type { CareTeamRole } from '../../care-team/care-team.events';
import type { PacketLedger } from '../../ledger/packet-ledger';
import type { StaffSnapshot } from '../../patient-stream/practice-context';

/**
 * The evidence packet of one patient-month (ccm-rules §4): everything an auditor or payer must see, as one plain JSON
 * document. Its canonical JSON is what CareLedger signs, so every field is JSON (no undefined, no Date) and the
 * document is fully determined by the log and the billing evaluation: no clock is read, so the same record gives
 * the same bytes and the same signature, and `asOf` says which state of the log it speaks for.
 *
 * Every item names the events it comes from (`eventId`, `eventIds`); `audit.sourceEvents` lists them all with
 * their stream, revision and hash, and `audit.events` carries each one whole, so a reviewer can recompute its hash.
 *
 * Bump PACKET_FORMAT when a field changes meaning or disappears; adding a field is compatible.
 * Format 2: `asOf` replaces the clock's `generatedAt`; a submitted month's time entries and billing are the claim's
 * (`claimCutoff`), later documentation is apart (`documentedAfterClaim`); `audit.events`.
 */
export const PACKET_FORMAT = 'careledger-evidence-packet/2';

/** A person as the event recorded them then: id, name, credential and NPI at the time. */
export type Staff = StaffSnapshot;

export interface EvidencePacketDocument {
  format: typeof PACKET_FORMAT;
  patientId: string;
  month: string;
  /** The state of the log the packet speaks for: the latest event it covers (store time, global position). */
  asOf: { recordedAt: string; position: string };
  practice: { practiceId: string; name: string | null; timeZone: string; npi: string | null; taxId: string | null };
  /** Identifiers only: the Medicare id identifies the beneficiary to a payer; no name, address or birth date. */
  patient: { patientId: string; medicareId: string | null; payerId: string | null; program: Program; qmb: boolean; enrolledOn: string; eventId: string };
  billingPractitioner: Staff;
  initiatingVisit: InitiatingVisitEvidence | null;
  /** Conditions documented for the month; `qualifying` marks the ICD-10-CM codes the claim names. */
  diagnoses: DiagnosisEvidence[];
  consent: ConsentEvidence | null;
  carePlan: CarePlanEvidence | null;
  /**
   * Every time entry of the month (its start, after corrections, lies in the month in the practice's zone). Once a
   * claim was submitted: the entries as they stood at `claimCutoff`, with what counted toward the claim then.
   */
  timeEntries: TimeEntryEvidence[];
  /** Submitted months only: the instant the claim's figures were taken at, and why that one. */
  claimCutoff: ClaimCutoff | null;
  /** Submitted months only: what was documented after `claimCutoff`; none of it is in the claim. */
  documentedAfterClaim: DocumentedAfterClaim | null;
  medicationReconciliations: ReconciliationEvidence[];
  complexity: ComplexityEvidence;
  /**
   * The rules engine's evaluation of the month: the codes and why. Once submitted, the evaluation of the record as it
   * stood at `claimCutoff` (the one the claim billed); `status` and `closedAt` are the month's now.
   */
  billing: BillingEvidence;
  /** The claim as submitted (from its ClaimSubmitted event), or null while none was. */
  claim: ClaimEvidence | null;
  /** The billed lines: the claim's when submitted, the evaluation's otherwise. */
  lines: BillingLineView[];
  audit: AuditEvidence;
  /** The signed ledger head and the inclusion proof of every event in audit.sourceEvents (added by the service). */
  ledger?: PacketLedger;
  /** Who was responsible for the patient in the month, and the care team then; absent when none is recorded. */
  careTeam?: CareTeamEvidence;
}

export interface CareTeamEvidence {
  /** Each care manager responsible at some time in the month; `to` null while still responsible. */
  careManagers: { careManager: Staff; from: string; to: string | null; eventIds: string[] }[];
  /** Members on the team at some time in the month; `staff` null for someone outside the practice. */
  members: {
    memberId: string;
    role: CareTeamRole;
    staff: Staff | null;
    name: string;
    organization: string | null;
    phone: string | null;
    since: string;
    removedAt: string | null;
    eventIds: string[];
  }[];
}

/** The ids of every event a packet cites, in log order (the patient's stream, then the claim): what it proves. */
export const citedEventIds = (packet: Pick<EvidencePacketDocument, 'audit'>): string[] => packet.audit.sourceEvents.map((event) => event.eventId);

export interface InitiatingVisitEvidence {
  visitDate: string;
  kind: string;
  practitioner: Staff;
  eventId: string;
}

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

/** The plan's content exactly as recorded, with its version and who made and revised it. */
export interface CarePlanEvidence extends CarePlanContent {
  /** The version in force at the end of the month (valid time). */
  version: number;
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
  /** Who typed it in (the appending command's actor): the performer, or someone documenting for them. */
  recordedBy: string;
  /** Whether its minutes count toward the month's codes (some or all), and why not. */
  counted: boolean;
  exclusionReason: string | null;
  /** Minutes that did not count and why, in words a reviewer understands; absent when every minute counted. */
  excludedMinutes?: number;
  exclusionExplanation?: string;
  eventId: string;
  /** Whether a practitioner's time documented by someone else was attested by them (unattested, it counts for nothing). */
  attestation: AttestationStatus;
  /** An after-hours contact and the clinicians on call when it started; absent for contacts in hours. */
  afterHours?: { onCall: OnCallAtContact[] };
  amendments: {
    action: ActivityAmendment['action'];
    reason: string;
    by: string;
    minutes: number | null;
    startedAt: string | null;
    summary: string | null;
    recordedAt: string;
    eventId: string;
  }[];
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

export interface BillingOptionEvidence {
  track: string;
  lines: BillingLineView[];
  expectedPaymentCents: number;
  amountUnknown: boolean;
}

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
  excludedTimeEntries: ExcludedTimeEntryEvidence[];
}

/** An entry of the month whose minutes did not count, in full or in part, with the reason in words. */
export interface ExcludedTimeEntryEvidence {
  activityId: string;
  reason: string;
  minutes: number;
  explanation: string;
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

export interface SourceEvent {
  stream: string;
  revision: string;
  eventId: string;
  type: string;
  recordedAt: string;
  hash: string | null;
}

/**
 * Which state of the record a submitted claim billed (billing/month/claim-basis.ts): a claim on the CLOSED basis
 * bills the month as it stood at the close, an AMENDED one as it stood at the submission. An event counts as before
 * the cutoff when it was recorded at or before it (store time), as billing decides AMENDED_AFTER_CLOSE.
 */
export interface ClaimCutoff {
  basis: string;
  at: string;
  /** The evaluation recomputed from the record as it stood then bills exactly the claim's lines. */
  reproducesClaim: boolean;
}

export interface DocumentedAfterClaim {
  /** Entries first recorded after the cutoff, as they stand now; their minutes are in no claim. */
  timeEntries: TimeEntryEvidence[];
  /** Corrections and voids recorded after the cutoff to entries the claim drew on; the claim keeps the earlier values. */
  amendments: (TimeEntryEvidence['amendments'][number] & { activityId: string })[];
}

export interface AuditEvidence {
  stream: string;
  /** Events of the patient's stream when the packet was generated, all re-hashed for this packet. */
  eventsChecked: number;
  /** Hash of the stream's last event, recomputed from the event store: it seals everything before it. */
  headHash: string;
  /** The events this packet draws on, in log order (the patient's stream first, then the month's close and the claim). */
  sourceEvents: SourceEvent[];
  /**
   * The same events whole, exactly as a line of the NDJSON audit export writes them, so each hash can be recomputed
   * offline with the export's recipe: SHA-256 of the canonical JSON of {stream, revision, type: eventType, data,
   * metadata without hash}. All but those in `inBillingExport`.
   */
  events: ExportedEvent[];
  /**
   * Cited events not carried whole because their data names other patients (the month's close lists every
   * patient-month of the practice): the practice's auditors check them, by the same recipe, in the billing stream's
   * export at `export`.
   */
  inBillingExport: { eventId: string; reason: 'NAMES_OTHER_PATIENTS'; export: string }[];
}
