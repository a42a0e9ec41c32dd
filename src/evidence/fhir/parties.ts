import type { EvidencePacketDocument, Staff } from '../packet/evidence-packet';
import { BundleEntries } from './bundle-entries';
import { CARELEDGER, SYSTEMS } from './code-systems';
import type { Identifier, Reference } from './r4';

export const PATIENT_KEY = 'patient';
export const PRACTICE_KEY = 'practice';
export const PAYER_KEY = 'payer';
export const COVERAGE_KEY = 'coverage';
export const practitionerKey = (staffId: string) => `practitioner ${staffId}`;

/** Everyone the packet names with their credential at the time; the first snapshot of a person wins. */
function staffNamedIn(packet: EvidencePacketDocument): Staff[] {
  const people = [
    packet.billingPractitioner,
    ...(packet.initiatingVisit ? [packet.initiatingVisit.practitioner] : []),
    ...(packet.carePlan ? [packet.carePlan.createdBy, ...packet.carePlan.revisions.map((revision) => revision.revisedBy)] : []),
    ...packet.timeEntries.map((entry) => entry.performer),
    ...packet.medicationReconciliations.map((reconciliation) => reconciliation.performer),
  ];
  const byId = new Map<string, Staff>();
  for (const person of people) if (!byId.has(person.staffId)) byId.set(person.staffId, person);
  return [...byId.values()];
}

/** A Practitioner entry for the person as the packet names them (once per person: the first snapshot wins). */
export function addPractitioner(entries: BundleEntries, person: Staff): Reference {
  const key = practitionerKey(person.staffId);
  if (entries.has(key)) return entries.ref(key);
  const identifier: Identifier[] = [{ system: CARELEDGER.staffId, value: person.staffId }];
  if (person.npi) identifier.push({ system: SYSTEMS.npi, value: person.npi });
  return entries.add(key, {
    resourceType: 'Practitioner',
    identifier,
    name: [{ text: person.name }],
    qualification: [{ code: { coding: [{ system: CARELEDGER.staffCredential, code: person.credential }], text: person.credential } }],
  });
}

/**
 * Patient (identifiers only: the Medicare Beneficiary Identifier and CareLedger's id, no name, address or birth
 * date), the practice and payer as Organizations, the staff as Practitioners, and the patient's Medicare Coverage
 * when a payer is known.
 */
export function addParties(entries: BundleEntries, packet: EvidencePacketDocument): void {
  const { patient, practice } = packet;
  const patientIdentifiers: Identifier[] = [{ system: CARELEDGER.patientId, value: patient.patientId }];
  if (patient.medicareId) patientIdentifiers.unshift({ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MC' }] }, system: SYSTEMS.mbi, value: patient.medicareId });
  entries.add(PATIENT_KEY, { resourceType: 'Patient', identifier: patientIdentifiers });

  const practiceIdentifiers: Identifier[] = [{ system: CARELEDGER.practiceId, value: practice.practiceId }];
  if (practice.npi) practiceIdentifiers.push({ system: SYSTEMS.npi, value: practice.npi });
  if (practice.taxId) practiceIdentifiers.push({ system: SYSTEMS.ein, value: practice.taxId });
  entries.add(PRACTICE_KEY, { resourceType: 'Organization', identifier: practiceIdentifiers, ...(practice.name ? { name: practice.name } : {}) });

  for (const person of staffNamedIn(packet)) addPractitioner(entries, person);

  const payerId = packet.claim?.payerId ?? patient.payerId;
  if (payerId === null) return;
  const payer = entries.add(PAYER_KEY, { resourceType: 'Organization', identifier: [{ system: CARELEDGER.payerId, value: payerId }], type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'pay' }] }] });
  entries.add(COVERAGE_KEY, {
    resourceType: 'Coverage',
    status: 'active',
    ...(patient.medicareId ? { subscriberId: patient.medicareId } : {}),
    beneficiary: entries.ref(PATIENT_KEY),
    payor: [payer],
  });
}
