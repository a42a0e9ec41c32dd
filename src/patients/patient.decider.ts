import { localDate, startOfLocalDay } from '../kernel/calendar';
import { DomainError, badInput, notFound, preconditionFailed } from '../kernel/domain-error';
import { normalizeIcd10, normalizeMedicareId } from './clinical-codes';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import type { PatientEvent } from '../patient-stream/patient-event';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import type { PatientFactEvent } from './patient.events';
import type {
  ChangeBillingPractitionerInput,
  EnrollPatientInput,
  RecordChronicConditionInput,
  RecordExternalServiceInput,
  RecordInitiatingVisitInput,
  ResolveChronicConditionInput,
} from './patient.inputs';
import { activeCondition } from './patient.state';
import { requireAuthor, requireStaff } from '../patient-stream/practice-context';
import { assertAcceptedDate, today } from '../patient-stream/valid-time';

type DataOf<Input> = Omit<Input, 'commandId'>;

export type EnrollPatient = PatientCommand<'EnrollPatient', DataOf<EnrollPatientInput>>;
export type ChangeBillingPractitioner = PatientCommand<'ChangeBillingPractitioner', DataOf<ChangeBillingPractitionerInput>>;
export type RecordChronicCondition = PatientCommand<'RecordChronicCondition', DataOf<RecordChronicConditionInput>>;
export type ResolveChronicCondition = PatientCommand<'ResolveChronicCondition', DataOf<ResolveChronicConditionInput>>;
export type RecordInitiatingVisit = PatientCommand<'RecordInitiatingVisit', DataOf<RecordInitiatingVisitInput>>;
export type RecordExternalService = PatientCommand<'RecordExternalService', DataOf<RecordExternalServiceInput>>;
export type PatientFactCommand =
  EnrollPatient | ChangeBillingPractitioner | RecordChronicCondition | ResolveChronicCondition | RecordInitiatingVisit | RecordExternalService;

/** Enrolment, billing practitioner, chronic conditions, initiating visits and services billed elsewhere. */
export const patientDecider: PatientDecider<PatientFactCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): PatientFactEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId } = command.data;
    const zone = practice.timeZone;
    requireAuthor(command);

    if (command.type === 'EnrollPatient') {
      // An id this practice uses. Another practice's never reaches here: the record goes to a stream of this
      // practice's own (patientStreamKey); should it (a race), the runner re-resolves on this very refusal.
      // A patient registered before enrolment (IDENTIFIED, or DECLINED and now willing) is enrolled under its id.
      const registered = state.intake.registration;
      if (state.enrollment || (registered && registered.practiceId !== practiceId)) {
        throw preconditionFailed('PATIENT_ID_IN_USE', 'patientId is already in use; enrol a new patient with a new UUID');
      }
      const { name, birthDate, sex, address, medicareId, payerId, program, qmb, billingPractitionerId } = command.data;
      const enrolledOn = command.data.enrolledOn ?? today(metadata.now, zone);
      assertAcceptedDate('enrolledOn', enrolledOn, metadata.now, zone);
      if (birthDate > enrolledOn) throw badInput('birthDate', 'must not be after the enrolment date');
      const billingPractitioner = requireStaff(practice, billingPractitionerId, 'billingPractitionerId', { practitioner: true });
      return [
        {
          type: 'PatientEnrolled',
          data: {
            patientId,
            practiceId,
            name,
            birthDate,
            // Demographics captured later than the first enrolments: present only when given.
            ...(sex ? { sex } : {}),
            ...(address
              ? { address: { line1: address.line1, line2: address.line2 ?? null, city: address.city, state: address.state, postalCode: address.postalCode } }
              : {}),
            medicareId: medicareId ? normalizeMedicareId(medicareId) : null,
            payerId: payerId ?? null,
            program,
            qmb: qmb ?? false,
            billingPractitioner,
            enrolledOn,
          },
        },
      ];
    }

    const enrollment = requireEnrolledPatient(state, practiceId);
    switch (command.type) {
      case 'ChangeBillingPractitioner': {
        const { billingPractitionerId, reason } = command.data;
        const billingPractitioner = requireStaff(practice, billingPractitionerId, 'billingPractitionerId', { practitioner: true });
        const previousBillingPractitionerId = enrollment.billingPractitioner.staffId;
        if (billingPractitionerId === previousBillingPractitionerId) return [];
        return [{ type: 'BillingPractitionerChanged', data: { patientId, practiceId, billingPractitioner, previousBillingPractitionerId, reason } }];
      }

      case 'RecordChronicCondition': {
        const { description, onset, expectedDurationMonths, placesAtSignificantRisk } = command.data;
        const icd10 = normalizeIcd10(command.data.icd10);
        if (onset) assertAcceptedDate('onset', onset, metadata.now, zone);
        if (activeCondition(state.conditions, icd10)) throw preconditionFailed('CONDITION_ALREADY_ACTIVE', `Condition ${icd10} is already recorded and active`);
        return [
          {
            type: 'ChronicConditionRecorded',
            data: {
              patientId,
              practiceId,
              icd10,
              description,
              onset: onset ?? null,
              expectedDurationMonths,
              placesAtSignificantRisk,
              recordedOn: today(metadata.now, zone),
            },
          },
        ];
      }

      case 'ResolveChronicCondition': {
        const icd10 = normalizeIcd10(command.data.icd10);
        const resolvedOn = command.data.resolvedOn ?? today(metadata.now, zone);
        assertAcceptedDate('resolvedOn', resolvedOn, metadata.now, zone);
        const condition = activeCondition(state.conditions, icd10);
        if (!condition) {
          if (state.conditions.some((recorded) => recorded.icd10 === icd10))
            throw preconditionFailed('CONDITION_NOT_ACTIVE', `Condition ${icd10} is already resolved`);
          throw notFound(`Condition ${icd10}`);
        }
        if (condition.onset && resolvedOn < condition.onset) throw badInput('resolvedOn', 'must not be before the onset of the condition');
        return [{ type: 'ChronicConditionResolved', data: { patientId, practiceId, icd10, resolvedOn, reason: command.data.reason } }];
      }

      case 'RecordInitiatingVisit': {
        const { visitDate, practitionerId, kind } = command.data;
        assertAcceptedDate('visitDate', visitDate, metadata.now, zone);
        // A past visit may be documented after its practitioner left the practice.
        const practitioner = requireStaff(practice, practitionerId, 'practitionerId', { practitioner: true, active: false });
        return [{ type: 'InitiatingVisitRecorded', data: { patientId, practiceId, visitDate, practitioner, kind } }];
      }

      case 'RecordExternalService': {
        const { serviceDate, cptCode, billedByNpi, minutes, startedAt, endedAt } = command.data;
        assertAcceptedDate('serviceDate', serviceDate, metadata.now, zone);
        const span = serviceSpan(serviceDate, startedAt, endedAt, zone);
        const billedByBillingPractitioner = enrollment.billingPractitioner.npi === billedByNpi;
        return [
          {
            type: 'ExternalServiceRecorded',
            data: { patientId, practiceId, serviceDate, cptCode, billedByNpi, billedByBillingPractitioner, minutes: minutes ?? null, ...span },
          },
        ];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown patient command');
    }
  },
};

/**
 * The optional start and end of an external service (a visit, an inpatient stay): it starts on its service date in the
 * practice's zone and ends after it starts. Recorded only when given, so older events and callers read the same.
 */
function serviceSpan(serviceDate: string, startedAt: string | null | undefined, endedAt: string | null | undefined, zone: string) {
  if (!startedAt) {
    if (endedAt) throw badInput('endedAt', 'needs startedAt');
    return {};
  }
  if (localDate(new Date(startedAt), zone) !== serviceDate) throw badInput('startedAt', 'must fall on serviceDate in the practice time zone');
  if (endedAt && Date.parse(endedAt) <= Date.parse(startedAt)) throw badInput('endedAt', 'must be after startedAt');
  return endedAt ? { startedAt, endedAt } : { startedAt };
}

/** Dated facts happened at the start of their day in the practice's zone; the rest when the command was issued. */
export const patientFactValidTime: ValidTimeOf = (event: PatientEvent, zone) => {
  switch (event.type) {
    case 'PatientEnrolled':
      return startOfLocalDay(event.data.enrolledOn, zone);
    case 'ChronicConditionResolved':
      return startOfLocalDay(event.data.resolvedOn, zone);
    case 'InitiatingVisitRecorded':
      return startOfLocalDay(event.data.visitDate, zone);
    case 'ExternalServiceRecorded':
      return startOfLocalDay(event.data.serviceDate, zone);
    default:
      return null;
  }
};
