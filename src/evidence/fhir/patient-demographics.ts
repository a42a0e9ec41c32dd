import { PATIENT_SEXES, type PatientSex } from '../../patients/patient.events';
import type { EvidencePacketDocument } from '../packet/evidence-packet';

/** FHIR administrative gender (http://hl7.org/fhir/administrative-gender). */
export type AdministrativeGender = 'male' | 'female' | 'other' | 'unknown';

export interface PatientDemographics {
  name: string;
  birthDate: string;
  gender: AdministrativeGender;
}

/**
 * The patient's name, birth date and administrative sex as enrolment recorded them (shown as FHIR's administrative gender): the packet carries its
 * enrolment event whole (audit.events), so the FHIR views read them from there. Not recorded is `unknown`.
 */
export function patientDemographics(packet: EvidencePacketDocument): PatientDemographics | null {
  const enrolment = packet.audit.events.find((event) => event.eventId === packet.patient.eventId);
  if (!enrolment) return null;
  const data = enrolment.data as { name?: unknown; birthDate?: unknown; sex?: unknown };
  if (typeof data.name !== 'string' || typeof data.birthDate !== 'string') return null;
  const recorded = PATIENT_SEXES.includes(data.sex as PatientSex) ? (data.sex as PatientSex) : 'UNKNOWN';
  const gender = recorded.toLowerCase() as AdministrativeGender;
  return { name: data.name, birthDate: data.birthDate, gender };
}
