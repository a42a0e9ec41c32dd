import { citedEventIds, type EvidencePacketDocument, type TimeEntryEvidence } from '../packet/evidence-packet';
import { packetDigest } from '../signing/packet-signature';
import { PdfLayout } from './pdf-layout';
import { dollars, localTime, orNone, person, typed, words, yesNo } from './reviewer-format';

/** A packet with its signature: the PDF shows both, and says how to check one against the other. */
export interface SignedPacketForPdf {
  document: EvidencePacketDocument;
  json: string;
  signature: string;
  kid: string;
}

/**
 * The request a PDF answers, for its cover page: a Medicare reviewer files the response by its tracking number and
 * must have it by the due date.
 */
export interface ReviewerCover {
  trackingId: string;
  payerId: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  requestedCodes: readonly string[];
}

/**
 * CMS wants every entry a reviewer relies on signed, and electronic signatures marked as such (Medicare Program
 * Integrity Manual ch. 3 §3.3.2.4): each author's entry carries this line, with when it was recorded.
 */
function signedBy(pdf: PdfLayout, author: string, at: string, zone: string) {
  pdf.paragraph(`Electronically signed by ${author} on ${localTime(at, zone)}`, { italic: true, size: 9 });
}

const lineCodes = (lines: EvidencePacketDocument['lines']) => lines.map((line) => `${line.cptCode} x${line.units}`).join(' + ') || 'none';

function summary(pdf: PdfLayout, packet: EvidencePacketDocument) {
  const { billing, claim, patient, practice } = packet;
  pdf.heading('Summary');
  pdf.field('Patient', `${patient.patientId}  ·  Medicare ID (MBI) ${orNone(patient.medicareId)}  ·  program ${patient.program}${patient.qmb ? ' (QMB)' : ''}`);
  pdf.field(
    'Practice',
    `${orNone(practice.name, practice.practiceId)}  ·  NPI ${orNone(practice.npi)}  ·  TIN ${orNone(practice.taxId)}  ·  months counted in ${practice.timeZone}`,
  );
  pdf.field('Billing practitioner', person(packet.billingPractitioner));
  pdf.field('Billed codes', `${lineCodes(packet.lines)}  (${claim ? 'as submitted' : 'as evaluated; not submitted'})`);
  pdf.table(
    ['CPT code', 'Units', 'Unit amount', 'Amount'],
    packet.lines.map((line) => [
      line.cptCode,
      String(line.units),
      line.unitAmountCents === null ? 'unknown' : dollars(line.unitAmountCents),
      line.amountKnown ? dollars(line.amountCents) : 'unknown',
    ]),
    [0.25, 0.15, 0.3, 0.3],
  );
  pdf.field('Minutes that count', `clinical staff ${billing.clinicalStaffMinutes}, billing practitioner ${billing.practitionerMinutes}`);
  pdf.field('Track', `${orNone(billing.track, 'none')}${billing.complex ? ' (complex CCM conditions met)' : ''}  ·  service year ${billing.ruleYear} rules`);
  pdf.field(
    'Expected payment',
    `${dollars((claim ?? billing).expectedPaymentCents)}, patient coinsurance ${dollars((claim ?? billing).patientCoinsuranceCents)}`,
  );
  pdf.field('Status', `${billing.status}${billing.closedAt ? `, month closed ${localTime(billing.closedAt, practice.timeZone)}` : ''}`);
  if (claim)
    pdf.field(
      'Claim',
      `submitted ${localTime(claim.submittedAt, practice.timeZone)} to payer ${claim.payerId}, date of service ${claim.dateOfService}, basis ${claim.basis}, rendering NPI ${claim.renderingNpi}, billing NPI ${claim.billingNpi}`,
    );
  const cutoff = packet.claimCutoff;
  if (cutoff) {
    pdf.field(
      'Claim figures',
      `the record as it stood at the ${cutoff.basis === 'CLOSED' ? 'close' : 'submission'}, ${localTime(cutoff.at, practice.timeZone)}: minutes, entries and evaluation above and below are as then`,
    );
    if (!cutoff.reproducesClaim)
      pdf.field('Discrepancy', 'the rules evaluated over the record as it stood then do not bill exactly the claim’s codes; the claim’s codes are shown');
  }
  pdf.field('Blockers', billing.blockers.join(', ') || 'none');
  pdf.field('Warnings', billing.warnings.join(', ') || 'none');
  pdf.bullets(
    'Compliant alternatives not billed',
    billing.alternatives.map((option) => `${option.track}: ${lineCodes(option.lines)}, ${dollars(option.expectedPaymentCents)}`),
  );
  for (const note of billing.notes) pdf.paragraph(note, { italic: true, size: 9 });
}

function eligibility(pdf: PdfLayout, packet: EvidencePacketDocument) {
  const zone = packet.practice.timeZone;
  pdf.heading('Diagnoses and initiating visit');
  pdf.table(
    ['ICD-10-CM', 'Description', 'Onset', 'Expected duration', 'Significant risk', 'Resolved', 'On the claim'],
    packet.diagnoses.map((diagnosis) => [
      diagnosis.icd10,
      typed(diagnosis.description),
      orNone(diagnosis.onset, `recorded ${diagnosis.recordedOn}`),
      `${diagnosis.expectedDurationMonths} months`,
      yesNo(diagnosis.placesAtSignificantRisk),
      orNone(diagnosis.resolvedOn),
      yesNo(diagnosis.qualifying),
    ]),
    [0.11, 0.33, 0.12, 0.12, 0.11, 0.11, 0.1],
  );
  const visit = packet.initiatingVisit;
  pdf.field('Initiating visit', visit ? `${visit.kind} on ${visit.visitDate} by ${person(visit.practitioner)}` : 'none recorded');
  pdf.field('Enrolled', `${packet.patient.enrolledOn}  ·  payer ${orNone(packet.patient.payerId)}  ·  record as of ${localTime(packet.asOf.recordedAt, zone)}`);
}

function consent(pdf: PdfLayout, packet: EvidencePacketDocument) {
  const zone = packet.practice.timeZone;
  pdf.heading('Consent');
  const given = packet.consent;
  if (!given) {
    pdf.paragraph('No consent was documented by the end of the month.');
    return;
  }
  pdf.field('Method', `${given.method}, given ${localTime(given.givenAt, zone)}, recorded by ${given.recordedBy}`);
  pdf.field('For billing practitioner', given.billingPractitionerId);
  pdf.field('Covers this month', yesNo(given.coversMonth));
  pdf.bullets('Disclosed to the patient', [
    `services available: ${yesNo(given.disclosures.serviceAvailability)}`,
    `cost sharing: ${yesNo(given.disclosures.costSharing)}`,
    `only one practitioner may bill per month: ${yesNo(given.disclosures.singlePractitionerPerMonth)}`,
    `right to stop at any time: ${yesNo(given.disclosures.rightToStop)}`,
  ]);
  pdf.field('Signed form', orNone(given.documentReference, 'none (verbal consent)'));
  signedBy(pdf, `staff ${given.recordedBy}, who recorded the consent`, given.givenAt, zone);
  if (given.revokedAt)
    pdf.field(
      'Revoked',
      `${localTime(given.revokedAt, zone)} by ${orNone(given.revokedBy)}: ${given.revocationReason === null ? '-' : typed(given.revocationReason)}`,
    );
}

function carePlan(pdf: PdfLayout, packet: EvidencePacketDocument) {
  const zone = packet.practice.timeZone;
  pdf.heading('Care plan in force at the end of the month');
  const plan = packet.carePlan;
  if (!plan) {
    pdf.paragraph('No care plan was in force by the end of the month.');
    return;
  }
  pdf.field(
    'Version',
    `${plan.version}, created ${localTime(plan.effectiveAt, zone)} by ${person(plan.createdBy)}, last revised ${localTime(plan.lastRevisedAt, zone)}, review by ${plan.reviewBy}`,
  );
  pdf.bullets('Problems', plan.problems.map(typed));
  pdf.field('Expected outcomes', typed(plan.expectedOutcomes));
  pdf.bullets('Goals', plan.goals.map(typed));
  pdf.field('Symptom management', typed(plan.symptomManagement));
  pdf.bullets('Interventions', plan.interventions.map(typed));
  pdf.field('Medication management', typed(plan.medicationManagement));
  pdf.field('Community resources', plan.communityResources === null ? '-' : typed(plan.communityResources));
  pdf.field('Coordination', plan.coordinationNotes === null ? '-' : typed(plan.coordinationNotes));
  pdf.bullets(
    'Revisions',
    plan.revisions.map(
      (revision) =>
        `v${revision.version} ${localTime(revision.effectiveAt, zone)} by ${person(revision.revisedBy)}${revision.substantial ? ', SUBSTANTIAL' : ''}: ${typed(revision.reason)} (changed ${revision.changed.join(', ')})`,
    ),
  );
  pdf.bullets(
    'Shared with the patient',
    plan.shares.map((share) => `v${share.version} ${localTime(share.sharedAt, zone)} via ${share.channel}, by ${share.sharedBy}`),
  );
  signedBy(pdf, `${person(plan.createdBy)} (version 1)`, plan.effectiveAt, zone);
  for (const revision of plan.revisions) signedBy(pdf, `${person(revision.revisedBy)} (version ${revision.version})`, revision.effectiveAt, zone);
}

function timeEntryTable(pdf: PdfLayout, entries: readonly TimeEntryEvidence[], zone: string) {
  pdf.table(
    ['Started', 'Min', 'Performer; recorded by', 'Activity', 'Source', 'Status', 'Counted', 'Recorded'],
    entries.map((entry) => [
      localTime(entry.startedAt, zone),
      String(entry.minutes),
      `${person(entry.performer)}; recorded by ${entry.recordedBy}${entry.recordedBy === entry.performer.staffId ? '' : ' (not the performer)'}`,
      `${words(entry.kind)}${entry.complexMedicalDecisionMaking ? ' (moderate/high MDM)' : ''}: ${typed(entry.summary)}`,
      words(entry.source),
      words(entry.status),
      entry.exclusionReason === null ? 'yes' : `${entry.counted ? 'partly' : 'no'}: ${words(entry.exclusionReason)}`,
      localTime(entry.recordedAt, zone),
    ]),
    [0.12, 0.05, 0.15, 0.29, 0.09, 0.09, 0.1, 0.11],
  );
  for (const entry of entries) signedBy(pdf, `${person(entry.performer)} (entry of ${localTime(entry.startedAt, zone)})`, entry.recordedAt, zone);
}

function amendmentLine(entry: TimeEntryEvidence, amendment: TimeEntryEvidence['amendments'][number], zone: string): string {
  const values = [
    amendment.minutes !== null && `minutes ${amendment.minutes}`,
    amendment.startedAt !== null && `start ${localTime(amendment.startedAt, zone)}`,
    amendment.summary !== null && `summary ${typed(amendment.summary)}`,
  ].filter(Boolean);
  return `${localTime(entry.startedAt, zone)} entry: ${amendment.action} by ${amendment.by} at ${localTime(amendment.recordedAt, zone)}${values.length > 0 ? ` (${values.join(', ')})` : ''}, reason: ${typed(amendment.reason)}`;
}

function timeEntries(pdf: PdfLayout, packet: EvidencePacketDocument) {
  const zone = packet.practice.timeZone;
  const cutoff = packet.claimCutoff;
  pdf.heading(cutoff ? `Time entries behind the claim, as they stood at ${localTime(cutoff.at, zone)}` : 'Time entries');
  timeEntryTable(pdf, packet.timeEntries, zone);
  pdf.bullets(
    'Minutes that did not count',
    packet.timeEntries
      .filter((entry) => entry.exclusionExplanation !== undefined)
      .map((entry) => `${localTime(entry.startedAt, zone)} entry, ${entry.excludedMinutes} of ${entry.minutes} min: ${entry.exclusionExplanation}`),
  );
  pdf.bullets(
    'Corrections and voids',
    packet.timeEntries.flatMap((entry) => entry.amendments.map((amendment) => amendmentLine(entry, amendment, zone))),
  );
  const late = packet.documentedAfterClaim;
  if (!cutoff || !late) return;
  pdf.heading('Documented after the claim (not in the claim)');
  if (late.timeEntries.length === 0 && late.amendments.length === 0) pdf.paragraph('Nothing.');
  if (late.timeEntries.length > 0) timeEntryTable(pdf, late.timeEntries, zone);
  const amendedEntry = new Map(packet.timeEntries.map((entry) => [entry.id, entry]));
  pdf.bullets(
    'Later corrections and voids of entries behind the claim',
    late.amendments.map((amendment) => amendmentLine(amendedEntry.get(amendment.activityId)!, amendment, zone)),
  );
}

function reconciliations(pdf: PdfLayout, packet: EvidencePacketDocument) {
  const zone = packet.practice.timeZone;
  pdf.heading('Medication reconciliations');
  if (packet.medicationReconciliations.length === 0) pdf.paragraph('None this month.');
  for (const reconciliation of packet.medicationReconciliations) {
    pdf.field(
      'Reconciled',
      `${localTime(reconciliation.reconciledAt, zone)} by ${person(reconciliation.performer)}${reconciliation.minutes !== null ? `, ${reconciliation.minutes} minutes` : ''}`,
    );
    pdf.table(
      ['Medication', 'Dose', 'Frequency', 'Prescriber', 'Source'],
      reconciliation.medications.map((medication) => [
        medication.name,
        orNone(medication.dose),
        orNone(medication.frequency),
        orNone(medication.prescriber),
        orNone(medication.source),
      ]),
      [0.28, 0.16, 0.2, 0.18, 0.18],
    );
    pdf.bullets('Discrepancies', reconciliation.discrepancies.map(typed));
    signedBy(pdf, person(reconciliation.performer), reconciliation.recordedAt, zone);
  }
  const { complexity } = packet;
  pdf.heading('Complexity evidence');
  pdf.field('Complex CCM', yesNo(complexity.complex));
  pdf.field(
    'Moderate/high medical decision making documented',
    complexity.medicalDecisionMakingEntries.length > 0
      ? `${complexity.medicalDecisionMakingEntries.length} entr${complexity.medicalDecisionMakingEntries.length === 1 ? 'y' : 'ies'}`
      : 'no',
  );
  pdf.field('Care plan established this month', yesNo(complexity.carePlanEstablishedInMonth));
  pdf.field('Substantial revisions this month', complexity.substantialRevisions.map((version) => `v${version}`).join(', ') || 'none');
}

/**
 * Room the integrity block needs (heading, explanation, hashes, key id, signature): it starts a page only when it
 * would not fit in full on the current one, so it is never split and no page is left with a few lines on it.
 */
const INTEGRITY_BLOCK_HEIGHT = 420;

function integrity(pdf: PdfLayout, signed: SignedPacketForPdf) {
  const { document: packet } = signed;
  pdf.keepSpace(INTEGRITY_BLOCK_HEIGHT).heading('Integrity: signature and audit hash');
  pdf.paragraph(
    'This document renders the signed JSON evidence packet whose SHA-256 is printed below: the packet evidencePacket returns for the same record. ' +
      'The JSON (canonical form) is signed with Ed25519; ' +
      'the audit head hash is the SHA-256 hash-chain head of the patient record, recomputed from the event log when the packet was made. ' +
      "Characters this PDF's fonts cannot show are printed as '?'; the JSON has the exact text.",
  );
  pdf.gap();
  pdf.field('Record as of', `${packet.asOf.recordedAt} (UTC), log position ${packet.asOf.position}: the latest event the packet covers`);
  pdf.field(
    'Record',
    `${packet.audit.stream}, ${packet.audit.eventsChecked} events checked, ${citedEventIds(packet).length} cited (each one whole in the JSON, audit.events)`,
  );
  for (const withheld of packet.audit.inBillingExport) {
    pdf.field('Month close', `cited but not carried (it names every patient-month of the practice); the practice's auditors check it in ${withheld.export}`);
    pdf.code('Month close event id', withheld.eventId);
  }
  pdf.code('Audit head hash (SHA-256)', packet.audit.headHash);
  pdf.code('SHA-256 of the signed JSON', packetDigest(signed.json));
  pdf.code('Signing key id (RFC 7638 thumbprint)', signed.kid);
  pdf.code('Ed25519 signature (base64url)', signed.signature);
  pdf.paragraph('Verify the JSON packet with `npm run verify-packet -- packet.json --url <CareLedger URL>` or any Ed25519 library and the published key.', {
    italic: true,
    size: 9,
  });
}

function cover(pdf: PdfLayout, packet: EvidencePacketDocument, request: ReviewerCover) {
  const zone = packet.practice.timeZone;
  pdf.title('Response to a documentation request', `Chronic care management, ${packet.month}  ·  ${orNone(packet.practice.name, packet.practice.practiceId)}`);
  pdf.field('Tracking number', request.trackingId);
  pdf.field('Due date', localTime(request.dueAt, zone));
  pdf.field('Requested by', `payer ${request.payerId}, received ${localTime(request.receivedAt, zone)} by ${words(request.channel)}`);
  pdf.field('Documents requested (LOINC)', request.requestedCodes.join(', '));
  pdf.field('Beneficiary', `Medicare ID (MBI) ${orNone(packet.claim?.medicareId ?? packet.patient.medicareId)}  ·  patient ${packet.patientId}`);
  if (packet.claim)
    pdf.field(
      'Claim',
      `date of service ${packet.claim.dateOfService}, billing NPI ${packet.claim.billingNpi}, rendering NPI ${packet.claim.renderingNpi}, submitted ${localTime(packet.claim.submittedAt, zone)}`,
    );
  pdf.bullets('Enclosed', [
    'Summary of the month and the billed codes',
    'Diagnoses (two or more qualifying chronic conditions) and the initiating visit',
    'The patient’s consent',
    'The comprehensive care plan given to the patient, with its measurable goals',
    'Every time entry of the month and the total time',
    'Medication reconciliations',
    'Integrity page: signature and audit hash',
  ]);
  signedBy(
    pdf,
    `${orNone(packet.practice.name, packet.practice.practiceId)} (NPI ${orNone(packet.practice.npi)}), for the record as of ${localTime(packet.asOf.recordedAt, zone)}`,
    packet.asOf.recordedAt,
    zone,
  );
  pdf.newPage();
}

/**
 * The packet for a human reviewer: summary first, then each kind of evidence, the signature on the last page. With
 * `request`, it answers a documentation request and opens with a cover page naming it.
 */
export function renderPacketPdf(signed: SignedPacketForPdf, request?: ReviewerCover): Promise<Buffer> {
  const packet = signed.document;
  const pdf = new PdfLayout({
    Title: `CareLedger evidence packet ${packet.month}`,
    Subject: `Evidence for patient ${packet.patientId}, ${packet.month}`,
    Author: 'CareLedger',
    // From the log, not the clock: the same packet renders to the same bytes.
    CreationDate: new Date(packet.asOf.recordedAt),
  });
  if (request) cover(pdf, packet, request);
  pdf.title('CareLedger evidence packet', `Chronic care management, ${packet.month}  ·  patient ${packet.patientId}`);
  summary(pdf, packet);
  eligibility(pdf, packet);
  consent(pdf, packet);
  carePlan(pdf, packet);
  timeEntries(pdf, packet);
  reconciliations(pdf, packet);
  integrity(pdf, signed);
  return pdf.finish(`evidence ${packet.patientId} ${packet.month}, key ${signed.kid}`);
}
