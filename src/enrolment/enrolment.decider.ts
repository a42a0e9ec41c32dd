import { startOfLocalDay } from '../kernel/calendar';
import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import type { PatientCommand, PatientDecider, ValidTimeOf } from '../patient-stream/patient-command';
import type { PatientEvent } from '../patient-stream/patient-event';
import type { PatientRecord } from '../patient-stream/patient-record';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import { requireAuthor } from '../patient-stream/practice-context';
import { assertAcceptedDate, assertAcceptedInstant, today } from '../patient-stream/valid-time';
import { normalizeIcd10, normalizeMedicareId } from '../patients/clinical-codes';
import { chronicCategoryOf } from './chronic-conditions';
import type {
  ConditionCategory,
  ConditionClinicalStatus,
  DeclineReason,
  EhrConditionImported,
  EhrIdentifier,
  EhrMedicationImported,
  EnrolmentEvent,
  ImportProvenance,
  UnenrollReason,
} from './enrolment.events';
import { enrollmentStatusOf, patientIdentity } from './enrollment-status';

type Provenanced = { provenance: ImportProvenance };

export type RegisterPatient = PatientCommand<'RegisterPatient', { name: string; birthDate: string; medicareId?: string | null; payerId?: string | null }>;
/** A Patient resource of an EHR import: registers the patient, updates its details, or changes nothing. */
export type ImportEhrPatient = PatientCommand<
  'ImportEhrPatient',
  Provenanced & {
    name: string;
    birthDate: string;
    medicareId: string | null;
    ehrIdentifier: EhrIdentifier | null;
    ehrPatientId: string;
  }
>;
export type RecordCoverageVerification = PatientCommand<
  'RecordCoverageVerification',
  {
    verifiedAt: string;
    source: string;
    partB: boolean;
    medicareAdvantagePlan?: string | null;
    secondaryCoversCostSharing?: boolean | null;
    qmb: boolean;
    provenance?: ImportProvenance | null;
  }
>;
export type DeclineEnrollment = PatientCommand<'DeclineEnrollment', { declinedAt: string; reason: DeclineReason; note?: string | null }>;
export type UnenrollPatient = PatientCommand<'UnenrollPatient', { effectiveOn: string; reason: UnenrollReason; note?: string | null }>;
export type ImportEhrCondition = PatientCommand<
  'ImportEhrCondition',
  Provenanced & {
    conditionId: string;
    icd10: string;
    description: string;
    clinicalStatus: ConditionClinicalStatus;
    categories: ConditionCategory[];
    onset: string | null;
    abatement: string | null;
  }
>;
export type ImportEhrMedication = PatientCommand<
  'ImportEhrMedication',
  Provenanced & Omit<EhrMedicationImported['data'], 'patientId' | 'practiceId' | 'provenance'>
>;

export type EnrolmentCommand =
  RegisterPatient | ImportEhrPatient | RecordCoverageVerification | DeclineEnrollment | UnenrollPatient | ImportEhrCondition | ImportEhrMedication;

/** The patient of the caller's practice, enrolled or not; another practice's is answered as an unknown one. */
function requireKnownPatient(state: PatientRecord, practiceId: string) {
  const identity = patientIdentity(state);
  if (!identity || identity.practiceId !== practiceId) throw notFound('Patient');
  return identity;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Registration before enrolment (by hand or from the EHR), coverage verifications, declines and unenrolment, and the
 * EHR's problem list and medications. An import command whose facts the record already has decides nothing, so
 * importing the same resources again appends nothing.
 */
export const enrolmentDecider: PatientDecider<EnrolmentCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): EnrolmentEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId } = command.data;
    const zone = practice.timeZone;
    requireAuthor(command);

    switch (command.type) {
      case 'RegisterPatient': {
        // An id this practice uses. Another practice's never reaches here: the record goes to a stream of this
        // practice's own (patientStreamKey); should it (a race), the runner re-resolves on this very refusal.
        if (patientIdentity(state)) throw preconditionFailed('PATIENT_ID_IN_USE', 'patientId is already in use; register a new patient with a new UUID');
        const { name, birthDate, medicareId, payerId } = command.data;
        const registeredOn = today(metadata.now, zone);
        assertAcceptedDate('birthDate', birthDate, metadata.now, zone);
        return [
          {
            type: 'PatientRegistered',
            data: {
              patientId,
              practiceId,
              name,
              birthDate,
              medicareId: medicareId ? normalizeMedicareId(medicareId) : null,
              payerId: payerId ?? null,
              ehrIdentifier: null,
              ehrPatientId: null,
              registeredOn,
              provenance: null,
            },
          },
        ];
      }

      case 'ImportEhrPatient': {
        const { name, birthDate, ehrIdentifier, ehrPatientId, provenance } = command.data;
        assertAcceptedDate('birthDate', birthDate, metadata.now, zone);
        const identity = patientIdentity(state);
        const incomingMedicareId = command.data.medicareId ? normalizeMedicareId(command.data.medicareId) : null;
        if (!identity) {
          return [
            {
              type: 'PatientRegistered',
              data: {
                patientId,
                practiceId,
                name,
                birthDate,
                medicareId: incomingMedicareId,
                payerId: null,
                ehrIdentifier,
                ehrPatientId,
                registeredOn: today(metadata.now, zone),
                provenance,
              },
            },
          ];
        }
        if (identity.practiceId !== practiceId) throw notFound('Patient');
        // An EHR that omits the MBI does not erase one the practice recorded.
        const medicareId = incomingMedicareId ?? identity.medicareId;
        const knownIdentifier = ehrIdentifier === null || state.intake.ehrIdentifiers.some((known) => sameJson(known, ehrIdentifier));
        const unchanged =
          identity.name === name &&
          identity.birthDate === birthDate &&
          identity.medicareId === medicareId &&
          knownIdentifier &&
          state.intake.ehrPatientIds.includes(ehrPatientId);
        if (unchanged) return [];
        return [
          {
            type: 'PatientDetailsUpdated',
            data: { patientId, practiceId, name, birthDate, medicareId, payerId: identity.payerId, ehrIdentifier, ehrPatientId, provenance },
          },
        ];
      }

      case 'RecordCoverageVerification': {
        requireKnownPatient(state, practiceId);
        const { verifiedAt, source, partB, qmb } = command.data;
        assertAcceptedInstant('verifiedAt', verifiedAt, metadata.now);
        const coverage = {
          verifiedAt: new Date(verifiedAt).toISOString(),
          source,
          partB,
          medicareAdvantagePlan: command.data.medicareAdvantagePlan ?? null,
          secondaryCoversCostSharing: command.data.secondaryCoversCostSharing ?? null,
          qmb,
          provenance: command.data.provenance ?? null,
        };
        // An EHR Coverage imported again is the same verification, not a new one.
        const { provenance: _provenance, ...facts } = coverage;
        if (coverage.provenance && state.intake.coverage.some(({ provenance: _p, ...known }) => sameJson(known, facts))) return [];
        return [{ type: 'CoverageVerified', data: { patientId, practiceId, ...coverage } }];
      }

      case 'DeclineEnrollment': {
        requireKnownPatient(state, practiceId);
        const status = enrollmentStatusOf(state);
        if (status === 'ENROLLED') throw preconditionFailed('PATIENT_ENROLLED', 'The patient is enrolled; record an unenrolment instead of a decline');
        const { declinedAt, reason } = command.data;
        assertAcceptedInstant('declinedAt', declinedAt, metadata.now);
        return [
          {
            type: 'EnrollmentDeclined',
            data: { patientId, practiceId, declinedAt: new Date(declinedAt).toISOString(), reason, note: command.data.note ?? null },
          },
        ];
      }

      case 'UnenrollPatient': {
        requireKnownPatient(state, practiceId);
        const enrollment = state.enrollment;
        if (!enrollment) throw preconditionFailed('PATIENT_NOT_ENROLLED', 'The patient is not enrolled in a program');
        if (state.intake.unenrolment)
          throw preconditionFailed('PATIENT_NOT_ENROLLED', `The patient was already unenrolled effective ${state.intake.unenrolment.effectiveOn}`);
        const { effectiveOn, reason } = command.data;
        assertAcceptedDate('effectiveOn', effectiveOn, metadata.now, zone);
        if (effectiveOn < enrollment.enrolledOn) throw badInput('effectiveOn', 'must not be before the enrolment date');
        return [{ type: 'PatientUnenrolled', data: { patientId, practiceId, effectiveOn, reason, note: command.data.note ?? null } }];
      }

      case 'ImportEhrCondition': {
        requireKnownPatient(state, practiceId);
        const { conditionId, description, clinicalStatus, categories, onset, abatement, provenance } = command.data;
        if (onset) assertAcceptedDate('onset', onset, metadata.now, zone);
        if (abatement) assertAcceptedDate('abatement', abatement, metadata.now, zone);
        if (onset && abatement && abatement < onset) throw badInput('abatement', 'must not be before the onset');
        const icd10 = normalizeIcd10(command.data.icd10);
        const chronicCategory = chronicCategoryOf(icd10);
        const facts: Omit<EhrConditionImported['data'], 'provenance'> = {
          patientId,
          practiceId,
          conditionId,
          icd10,
          description,
          clinicalStatus,
          categories,
          onset,
          abatement,
          chronic: chronicCategory !== null,
          chronicCategory,
        };
        const known = state.intake.ehrConditions.find((condition) => condition.conditionId === conditionId);
        if (known) {
          const { provenance: _p, ...knownFacts } = known;
          const { patientId: _q, practiceId: _r, ...newFacts } = facts;
          if (sameJson(knownFacts, newFacts)) return [];
        }
        return [{ type: 'EhrConditionImported', data: { ...facts, provenance } }];
      }

      case 'ImportEhrMedication': {
        requireKnownPatient(state, practiceId);
        const { provenance, ...medication } = command.data;
        const { patientId: _p, practiceId: _q, ...facts } = medication;
        if (facts.assertedOn) assertAcceptedDate('assertedOn', facts.assertedOn, metadata.now, zone);
        const known = state.intake.ehrMedications.find((entry) => entry.medicationId === facts.medicationId && entry.resourceType === facts.resourceType);
        if (known) {
          const { provenance: _r, ...knownFacts } = known;
          if (sameJson(knownFacts, facts)) return [];
        }
        return [{ type: 'EhrMedicationImported', data: { patientId, practiceId, ...facts, provenance } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown enrolment command');
    }
  },
};

/** Declines and coverage verifications happened when they say; an unenrolment at the start of its effective day. */
export const enrolmentValidTime: ValidTimeOf = (event: PatientEvent, zone) => {
  switch (event.type) {
    case 'CoverageVerified':
      return new Date(event.data.verifiedAt);
    case 'EnrollmentDeclined':
      return new Date(event.data.declinedAt);
    case 'PatientUnenrolled':
      return startOfLocalDay(event.data.effectiveOn, zone);
    default:
      return null;
  }
};
