import type { EvidencePacketDocument, TimeEntryEvidence } from '../packet/evidence-packet';
import { BundleEntries, eventIdentifiers, minutesExtension, staffNote } from './bundle-entries';
import { CARELEDGER, SYSTEMS } from './code-systems';
import { PATIENT_KEY, practitionerKey } from './parties';

export const communicationKey = (entryId: string) => `communication ${entryId}`;
export const reconciliationKey = (reconciliationId: string) => `medication-reconciliation ${reconciliationId}`;

function amendmentNote(entries: BundleEntries, amendment: TimeEntryEvidence['amendments'][number]) {
  const values = [
    amendment.minutes !== null && `minutes ${amendment.minutes}`,
    amendment.startedAt !== null && `start ${amendment.startedAt}`,
    amendment.summary !== null && 'summary',
  ].filter(Boolean);
  return staffNote(
    entries,
    amendment.by,
    `${amendment.action}${values.length > 0 ? ` (${values.join(', ')})` : ''}: ${amendment.reason}`,
    amendment.recordedAt,
  );
}

/** How a time entry's minutes were captured and whether they counted toward the month's codes. */
const minutesFlags = (entry: TimeEntryEvidence) => [
  { url: CARELEDGER.timeSourceExtension, valueCode: entry.source },
  { url: CARELEDGER.countedExtension, valueBoolean: entry.counted },
];

/**
 * One Communication per call of the month (R4 has no time-log resource): when it started, who made it, what was
 * done; the minutes, their source and whether they counted go in CareLedger extensions, corrections in notes. A
 * voided call is `entered-in-error` with the reason. Minutes given with a reconciliation are on its List.
 */
export function addCommunications(entries: BundleEntries, packet: EvidencePacketDocument): void {
  for (const entry of packet.timeEntries.filter((timeEntry) => timeEntry.origin === 'CALL')) {
    const voided = entry.amendments.find((amendment) => amendment.action === 'VOIDED');
    entries.add(communicationKey(entry.id), {
      resourceType: 'Communication',
      identifier: [
        { system: SYSTEMS.uri, value: `urn:uuid:${entry.id}` },
        ...eventIdentifiers([entry.eventId, ...entry.amendments.map((amendment) => amendment.eventId)]),
      ],
      extension: [
        minutesExtension(entry.minutes),
        ...minutesFlags(entry),
        { url: CARELEDGER.medicalDecisionMakingExtension, valueBoolean: entry.complexMedicalDecisionMaking },
      ],
      status: voided ? 'entered-in-error' : 'completed',
      ...(voided ? { statusReason: { text: voided.reason } } : {}),
      category: [{ coding: [{ system: CARELEDGER.careActivityKind, code: entry.kind }] }],
      subject: entries.ref(PATIENT_KEY),
      sent: entry.startedAt,
      sender: entries.ref(practitionerKey(entry.performer.staffId)),
      payload: [{ contentString: entry.summary }],
      ...(entry.amendments.length > 0 ? { note: entry.amendments.map((amendment) => amendmentNote(entries, amendment)) } : {}),
    });
  }
}

/** Each reconciliation as a List (its complete medication list, discrepancies, minutes) of MedicationStatements. */
export function addMedicationReconciliations(entries: BundleEntries, packet: EvidencePacketDocument): void {
  for (const reconciliation of packet.medicationReconciliations) {
    const performer = entries.ref(practitionerKey(reconciliation.performer.staffId));
    const statements = reconciliation.medications.map((medication, index) => {
      const dosage = [medication.dose, medication.frequency].filter(Boolean).join(' ');
      const notes = [medication.prescriber && `Prescriber: ${medication.prescriber}`, medication.source && `Source: ${medication.source}`].filter(
        (note): note is string => Boolean(note),
      );
      return entries.add(`medication-statement ${reconciliation.id} ${index}`, {
        resourceType: 'MedicationStatement',
        identifier: eventIdentifiers([reconciliation.eventId]),
        status: 'active',
        medicationCodeableConcept: { text: medication.name },
        subject: entries.ref(PATIENT_KEY),
        effectiveDateTime: reconciliation.reconciledAt,
        dateAsserted: reconciliation.reconciledAt,
        informationSource: performer,
        ...(dosage ? { dosage: [{ text: dosage }] } : {}),
        ...(notes.length > 0 ? { note: notes.map((text) => ({ text })) } : {}),
      });
    });
    const timeEntry = packet.timeEntries.find((entry) => entry.origin === 'MEDICATION_RECONCILIATION' && entry.eventId === reconciliation.eventId);
    entries.add(reconciliationKey(reconciliation.id), {
      resourceType: 'List',
      identifier: eventIdentifiers([reconciliation.eventId]),
      ...(reconciliation.minutes !== null ? { extension: [minutesExtension(reconciliation.minutes), ...(timeEntry ? minutesFlags(timeEntry) : [])] } : {}),
      status: 'current',
      mode: 'snapshot',
      title: 'Medication reconciliation',
      code: { coding: [{ system: SYSTEMS.listUse, code: 'medications' }] },
      subject: entries.ref(PATIENT_KEY),
      date: reconciliation.reconciledAt,
      source: performer,
      ...(reconciliation.discrepancies.length > 0 ? { note: reconciliation.discrepancies.map((text) => ({ text: `Discrepancy: ${text}` })) } : {}),
      entry: statements.map((item) => ({ item })),
    });
  }
}
