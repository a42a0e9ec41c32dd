import type { PatientEvent } from '../patient-stream/patient-event';
import type {
  CoverageVerified,
  DeclineReason,
  EhrConditionImported,
  EhrIdentifier,
  EhrMedicationImported,
  ImportProvenance,
  PatientDetails,
  UnenrollReason,
} from './enrolment.events';

/** The enrolment slice's part of the PatientRecord ("intake"): plain JSON, folded by evolveIntake. */

type WithoutIds<T> = Omit<T, 'patientId' | 'practiceId'>;

export type RegistrationState = PatientDetails & {
  patientId: string;
  practiceId: string;
  registeredOn: string;
  provenance: ImportProvenance | null;
};

export type CoverageState = WithoutIds<CoverageVerified['data']>;
export type DeclineState = { declinedAt: string; reason: DeclineReason; note: string | null };
export type UnenrolmentState = { effectiveOn: string; reason: UnenrollReason; note: string | null };
export type EhrConditionState = WithoutIds<EhrConditionImported['data']>;
export type EhrMedicationState = WithoutIds<EhrMedicationImported['data']>;

export type IntakeState = {
  registration: RegistrationState | null;
  /** Every EHR identifier and FHIR id the patient was sent with, enrolled or not (later imports match by them). */
  ehrIdentifiers: EhrIdentifier[];
  ehrPatientIds: string[];
  declines: DeclineState[];
  unenrolment: UnenrolmentState | null;
  /** Every verification, oldest first. */
  coverage: CoverageState[];
  ehrConditions: EhrConditionState[];
  ehrMedications: EhrMedicationState[];
};

export const initialIntake = (): IntakeState => ({
  registration: null,
  ehrIdentifiers: [],
  ehrPatientIds: [],
  declines: [],
  unenrolment: null,
  coverage: [],
  ehrConditions: [],
  ehrMedications: [],
});

const withIdentifier = (identifiers: EhrIdentifier[], identifier: EhrIdentifier | null) =>
  identifier && !identifiers.some((known) => known.system === identifier.system && known.value === identifier.value)
    ? [...identifiers, identifier]
    : identifiers;
const withId = (ids: string[], id: string | null) => (id && !ids.includes(id) ? [...ids, id] : ids);

/** Replaces the entry with the same key, or appends. */
function upsert<T>(entries: T[], entry: T, sameAs: (known: T) => boolean): T[] {
  const index = entries.findIndex(sameAs);
  if (index < 0) return [...entries, entry];
  return entries.map((known, i) => (i === index ? entry : known));
}

export function evolveIntake(intake: IntakeState, event: PatientEvent): IntakeState {
  switch (event.type) {
    case 'PatientRegistered':
    case 'PatientDetailsUpdated': {
      const { patientId: _p, practiceId: _q, provenance: _provenance, ...details } = event.data;
      // An enrolled patient's identity is its enrolment's (evolveEnrollment applies the update there).
      const registration: RegistrationState | null =
        event.type === 'PatientRegistered' ? event.data : intake.registration && { ...intake.registration, ...details };
      return {
        ...intake,
        registration,
        ehrIdentifiers: withIdentifier(intake.ehrIdentifiers, details.ehrIdentifier),
        ehrPatientIds: withId(intake.ehrPatientIds, details.ehrPatientId),
      };
    }
    case 'CoverageVerified': {
      const { patientId: _p, practiceId: _q, ...coverage } = event.data;
      return { ...intake, coverage: [...intake.coverage, coverage] };
    }
    case 'EnrollmentDeclined': {
      const { declinedAt, reason, note } = event.data;
      return { ...intake, declines: [...intake.declines, { declinedAt, reason, note }] };
    }
    case 'PatientUnenrolled': {
      const { effectiveOn, reason, note } = event.data;
      return { ...intake, unenrolment: { effectiveOn, reason, note } };
    }
    case 'EhrConditionImported': {
      const { patientId: _p, practiceId: _q, ...condition } = event.data;
      return { ...intake, ehrConditions: upsert(intake.ehrConditions, condition, (known) => known.conditionId === condition.conditionId) };
    }
    case 'EhrMedicationImported': {
      const { patientId: _p, practiceId: _q, ...medication } = event.data;
      return {
        ...intake,
        ehrMedications: upsert(
          intake.ehrMedications,
          medication,
          (known) => known.medicationId === medication.medicationId && known.resourceType === medication.resourceType,
        ),
      };
    }
    default:
      return intake;
  }
}

export const latestCoverage = (intake: IntakeState): CoverageState | null => {
  let latest: CoverageState | null = null;
  for (const coverage of intake.coverage) if (latest === null || Date.parse(coverage.verifiedAt) >= Date.parse(latest.verifiedAt)) latest = coverage;
  return latest;
};
