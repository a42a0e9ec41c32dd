import { ADMINISTRATIVE_GENDERS, type AdministrativeGender as RecordedGender } from '../../patients/patient.events';
import type { EvidencePacketDocument } from '../packet/evidence-packet';

/** FHIR administrative gender (http://hl7.org/fhir/administrative-gender). */
export type AdministrativeGender = 'male' | 'female' | 'other' | 'unknown';

export interface PatientDemographics {
  name: string;
  birthDate: string;
  gender: AdministrativeGender;
}

/**
 * The patient's name, birth date and administrative gender as enrolment recorded them: the packet carries its
 * enrolment event whole (audit.events), so the FHIR views read them from there. Gender not recorded is `unknown`.
 */
export function patientDemographics(packet: EvidencePacketDocument): PatientDemographics | null {
  const enrolment = packet.audit.events.find((event) => event.eventId === packet.patient.eventId);
  if (!enrolment) return null;
  const data = enrolment.data as { name?: unknown; birthDate?: unknown; gender?: unknown };
  if (typeof data.name !== 'string' || typeof data.birthDate !== 'string') return null;
  const recorded = ADMINISTRATIVE_GENDERS.includes(data.gender as RecordedGender) ? (data.gender as RecordedGender) : 'UNKNOWN';
  const gender = recorded.toLowerCase() as AdministrativeGender;
  return { name: data.name, birthDate: data.birthDate, gender };
}
