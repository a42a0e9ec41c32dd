import type { EvidencePacketDocument, Staff } from '../packet/evidence-packet';
import { BundleEntries, eventIdentifiers, humanName, practitionerKey } from './bundle-entries';
import { CARELEDGER, SYSTEMS, usCore } from './code-systems';
import type { Identifier, Reference } from './r4';
import { patientDemographics } from './patient-demographics';

export { practitionerKey };
export const PATIENT_KEY = 'patient';
export const PRACTICE_KEY = 'practice';
export const PAYER_KEY = 'payer';
export const COVERAGE_KEY = 'coverage';

/** Everyone the packet names with their credential at the time; the first snapshot of a person wins. */
function staffNamedIn(packet: EvidencePacketDocument): Staff[] {
  return [
    packet.billingPractitioner,
    ...(packet.initiatingVisit ? [packet.initiatingVisit.practitioner] : []),
    ...(packet.carePlan ? [packet.carePlan.createdBy, ...packet.carePlan.revisions.map((revision) => revision.revisedBy)] : []),
    ...packet.timeEntries.map((entry) => entry.performer),
    ...packet.medicationReconciliations.map((reconciliation) => reconciliation.performer),
  ];
}

/** A Practitioner entry for the person as the packet names them (once per person: the first snapshot wins). */
export function addPractitioner(entries: BundleEntries, person: Staff): Reference {
  const key = practitionerKey(person.staffId);
  if (entries.has(key)) return entries.ref(key);
  const identifier: Identifier[] = [{ system: CARELEDGER.staffId, value: person.staffId }];
  if (person.npi) identifier.push({ system: SYSTEMS.npi, value: person.npi });
  return entries.add(key, {
    resourceType: 'Practitioner',
    ...usCore('Practitioner'),
    identifier,
    name: [humanName(person.name)],
    qualification: [{ code: { coding: [{ system: CARELEDGER.staffCredential, code: person.credential }], text: person.credential } }],
  });
}

/**
 * Staff the packet names by id only (who recorded or revoked a consent, shared the care plan, corrected or voided
 * an entry): the caller looks them up in the practice's registry so the bundle has a Practitioner for each.
 */
export function staffNamedOnlyById(packet: EvidencePacketDocument): string[] {
  const named = new Set(staffNamedIn(packet).map((person) => person.staffId));
  const ids = [
    ...(packet.consent
      ? [packet.consent.billingPractitionerId, packet.consent.recordedBy, ...(packet.consent.revokedBy ? [packet.consent.revokedBy] : [])]
      : []),
    ...(packet.carePlan?.shares.map((share) => share.sharedBy) ?? []),
    ...packet.timeEntries.flatMap((entry) => entry.amendments.map((amendment) => amendment.by)),
  ];
  return [...new Set(ids)].filter((id) => !named.has(id));
}

/**
 * Patient (name, administrative gender, birth date, the Medicare Beneficiary Identifier and CareLedger's id), the
 * practice and payer as Organizations, the staff as Practitioners (those the packet names, then `registry` people it
 * names by id only), and the patient's Coverage with the payer when one is known.
 */
export function addParties(entries: BundleEntries, packet: EvidencePacketDocument, registry: readonly Staff[] = []): void {
  const { patient, practice } = packet;
  const patientIdentifiers: Identifier[] = [{ system: CARELEDGER.patientId, value: patient.patientId }];
  if (patient.medicareId)
    patientIdentifiers.unshift({ type: { coding: [{ system: SYSTEMS.identifierType, code: 'MC' }] }, system: SYSTEMS.mbi, value: patient.medicareId });
  const demographics = patientDemographics(packet);
  entries.add(PATIENT_KEY, {
    resourceType: 'Patient',
    ...usCore('Patient'),
    identifier: [...patientIdentifiers, ...eventIdentifiers([patient.eventId])],
    ...(demographics ? { name: [humanName(demographics.name)], gender: demographics.gender, birthDate: demographics.birthDate } : {}),
  });

  const practiceIdentifiers: Identifier[] = [{ system: CARELEDGER.practiceId, value: practice.practiceId }];
  if (practice.npi) practiceIdentifiers.push({ system: SYSTEMS.npi, value: practice.npi });
  if (practice.taxId) practiceIdentifiers.push({ system: SYSTEMS.ein, value: practice.taxId });
  entries.add(PRACTICE_KEY, {
    resourceType: 'Organization',
    ...usCore('Organization'),
    identifier: practiceIdentifiers,
    active: true,
    type: [{ coding: [{ system: SYSTEMS.organizationType, code: 'prov' }] }],
    name: practice.name ?? practice.practiceId,
  });

  // Everyone the packet names, then the registry's staff it knows by id only; the first snapshot of a person wins.
  for (const person of [...staffNamedIn(packet), ...registry]) addPractitioner(entries, person);

  const payerId = packet.claim?.payerId ?? patient.payerId;
  if (payerId === null) return;
  // CareLedger knows a payer by the id the practice records for it; that id is the name it can give.
  const payer = entries.add(PAYER_KEY, {
    resourceType: 'Organization',
    ...usCore('Organization'),
    identifier: [{ system: CARELEDGER.payerId, value: payerId }],
    active: true,
    type: [{ coding: [{ system: SYSTEMS.organizationType, code: 'pay' }] }],
    name: payerId,
  });
  const memberId = packet.claim?.medicareId ?? patient.medicareId;
  entries.add(COVERAGE_KEY, {
    resourceType: 'Coverage',
    ...usCore('Coverage'),
    identifier: [
      ...(memberId ? [{ type: { coding: [{ system: SYSTEMS.identifierType, code: 'MB' }] }, system: SYSTEMS.mbi, value: memberId }] : []),
      ...eventIdentifiers([patient.eventId, ...(packet.claim ? [packet.claim.eventId] : [])]),
    ],
    status: 'active',
    ...(memberId ? { subscriberId: memberId } : {}),
    beneficiary: entries.ref(PATIENT_KEY),
    relationship: { coding: [{ system: SYSTEMS.subscriberRelationship, code: 'self' }] },
    payor: [payer],
  });
}
