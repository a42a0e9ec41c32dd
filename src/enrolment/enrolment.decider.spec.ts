import { PATIENT_ID, PRACTICE_ID, enrolled, patientCommand } from '../../test/support/care-record-events';
import { given, testMetadata } from '../../test/support/decider-specification';
import { patientDecider } from '../patients/patient.decider';
import { enrolmentDecider, enrolmentValidTime } from './enrolment.decider';
import type { EnrolmentEvent, ImportProvenance, PatientRegistered } from './enrolment.events';
import { enrollmentStatusOf } from './enrollment-status';
import { evolvePatientRecord, initialPatientRecord } from '../patient-stream/patient-record';
import type { PatientEvent } from '../patient-stream/patient-event';

const ids = { patientId: PATIENT_ID, practiceId: PRACTICE_ID };
const asAdmin = testMetadata();
const provenance = (resourceId: string, resourceType = 'Patient'): ImportProvenance => ({
  importId: 'imp-1',
  importedBy: 'staff-admin',
  file: 'Patient.ndjson',
  resourceType,
  resourceId,
  line: 1,
});
const registered = (overrides: Partial<PatientRegistered['data']> = {}): PatientRegistered => ({
  type: 'PatientRegistered',
  data: {
    ...ids,
    name: 'Walter Price',
    birthDate: '1950-02-11',
    medicareId: '2EG4TE5MK73',
    payerId: null,
    ehrIdentifier: null,
    ehrPatientId: null,
    registeredOn: '2026-03-10',
    provenance: null,
    ...overrides,
  },
});
const command = <Type extends string, Data extends object>(type: Type, data: Data) => patientCommand(type, data, { metadata: asAdmin });
const statusAfter = (events: PatientEvent[]) => enrollmentStatusOf(events.reduce(evolvePatientRecord, initialPatientRecord()));

describe('enrolment decider (issue #15)', () => {
  describe('RegisterPatient', () => {
    it('registers an IDENTIFIED patient with its MBI normalised, dated today in the practice zone', () =>
      given(enrolmentDecider)
        .when(command('RegisterPatient', { name: 'Walter Price', birthDate: '1950-02-11', medicareId: '2eg4-te5-mk73' }))
        .then([registered({ registeredOn: '2026-03-15' })]));
    it('refuses an id already used by a registered or an enrolled patient', () => {
      given(enrolmentDecider, [registered()])
        .when(command('RegisterPatient', { name: 'X', birthDate: '1950-01-01' }))
        .thenThrows('PRECONDITION_FAILED', /already in use/);
      given(enrolmentDecider, [enrolled()])
        .when(command('RegisterPatient', { name: 'X', birthDate: '1950-01-01' }))
        .thenThrows('PRECONDITION_FAILED', /already in use/);
    });
    it('is IDENTIFIED until enrolled; enrollPatient on it enrols the same record', () => {
      expect(statusAfter([registered()])).toBe('IDENTIFIED');
      const [event] = patientDecider.decide(
        patientCommand('EnrollPatient', {
          name: 'Walter Price',
          birthDate: '1950-02-11',
          medicareId: '2EG4TE5MK73',
          program: 'CCM',
          billingPractitionerId: 'dr-a',
        }) as never,
        [registered()].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      expect(event.type).toBe('PatientEnrolled');
      expect(statusAfter([registered(), event as PatientEvent])).toBe('ENROLLED');
    });
    it("refuses to enrol under the id of another practice's registered patient", () =>
      given(patientDecider, [registered({ practiceId: 'p2' })])
        .when(patientCommand('EnrollPatient', { name: 'W', birthDate: '1950-02-11', program: 'CCM', billingPractitionerId: 'dr-a' }))
        .thenThrows('PRECONDITION_FAILED', /already in use/));
  });

  describe('ImportEhrPatient', () => {
    const importPatient = (overrides: object = {}) =>
      command('ImportEhrPatient', {
        name: 'Walter Price',
        birthDate: '1950-02-11',
        medicareId: '2EG4TE5MK73',
        ehrIdentifier: { system: 'urn:ehr:mrn', value: 'MRN-1' },
        ehrPatientId: 'pat-1',
        provenance: provenance('pat-1'),
        ...overrides,
      });
    it('registers an unknown patient with the import as provenance', () =>
      given(enrolmentDecider)
        .when(importPatient())
        .then([
          registered({
            registeredOn: '2026-03-15',
            ehrIdentifier: { system: 'urn:ehr:mrn', value: 'MRN-1' },
            ehrPatientId: 'pat-1',
            provenance: provenance('pat-1'),
          }),
        ]));
    it('appends nothing when the same resource is imported again', () => {
      const first = enrolmentDecider.decide(importPatient() as never, initialPatientRecord());
      given(enrolmentDecider, first)
        .when(importPatient({ provenance: { ...provenance('pat-1'), importId: 'imp-2' } }))
        .thenNothingHappens();
    });
    it('updates the details of a known patient, keeping an MBI the EHR did not send', () => {
      const first = enrolmentDecider.decide(importPatient() as never, initialPatientRecord());
      const [update] = enrolmentDecider.decide(
        importPatient({ name: 'Walter J. Price', medicareId: null }) as never,
        first.reduce(evolvePatientRecord, initialPatientRecord()),
      );
      expect(update).toMatchObject({ type: 'PatientDetailsUpdated', data: { name: 'Walter J. Price', medicareId: '2EG4TE5MK73' } });
    });
    it('updates an enrolled patient matched by MBI, and its enrolment shows the new name', () => {
      const [update] = enrolmentDecider.decide(
        importPatient({ name: 'Rosa M. Martinez', birthDate: '1948-05-02', medicareId: '1EG4TE5MK73' }) as never,
        [enrolled()].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      const record = [enrolled(), update as PatientEvent].reduce(evolvePatientRecord, initialPatientRecord());
      expect(record.enrollment?.name).toBe('Rosa M. Martinez');
      expect(record.intake.ehrPatientIds).toEqual(['pat-1']);
    });
  });

  describe('coverage, decline, unenrolment', () => {
    const verification = {
      verifiedAt: '2026-03-14T15:00:00Z',
      source: 'HETS 270/271',
      partB: true,
      medicareAdvantagePlan: null,
      secondaryCoversCostSharing: true,
      qmb: false,
    };
    it('records a coverage verification of a registered patient', () =>
      given(enrolmentDecider, [registered()])
        .when(command('RecordCoverageVerification', verification))
        .then([{ type: 'CoverageVerified', data: { ...ids, ...verification, verifiedAt: '2026-03-14T15:00:00.000Z', provenance: null } }]));
    it('an imported Coverage imported again is the same verification', () => {
      const imported = { ...verification, provenance: provenance('cov-1', 'Coverage') };
      const first = enrolmentDecider.decide(
        command('RecordCoverageVerification', imported) as never,
        [registered()].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      given(enrolmentDecider, [registered(), ...first])
        .when(command('RecordCoverageVerification', { ...imported, provenance: { ...imported.provenance, importId: 'imp-2' } }))
        .thenNothingHappens();
    });
    it('without Part B or a Medicare Advantage plan the patient is INELIGIBLE', () => {
      const [event] = enrolmentDecider.decide(
        command('RecordCoverageVerification', { ...verification, partB: false }) as never,
        [registered()].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      expect(statusAfter([registered(), event as PatientEvent])).toBe('INELIGIBLE');
    });
    it('refuses a verification for an unknown patient as NOT_FOUND', () =>
      given(enrolmentDecider).when(command('RecordCoverageVerification', verification)).thenThrows('NOT_FOUND'));
    it('records a decline with its reason; the patient is DECLINED', () => {
      const decline = { declinedAt: '2026-03-14T16:00:00Z', reason: 'COST_SHARING' as const, note: 'worried about the copay' };
      const events = enrolmentDecider.decide(
        command('DeclineEnrollment', decline) as never,
        [registered()].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      expect(events).toEqual([{ type: 'EnrollmentDeclined', data: { ...ids, ...decline, declinedAt: '2026-03-14T16:00:00.000Z' } }]);
      expect(statusAfter([registered(), ...(events as PatientEvent[])])).toBe('DECLINED');
    });
    it('refuses a decline of an enrolled patient', () =>
      given(enrolmentDecider, [enrolled()])
        .when(command('DeclineEnrollment', { declinedAt: '2026-03-14T16:00:00Z', reason: 'OTHER' }))
        .thenThrows('PRECONDITION_FAILED', /unenrolment instead/));
    it('unenrols an enrolled patient from an effective date, once', () => {
      const unenrol = command('UnenrollPatient', { effectiveOn: '2026-03-10', reason: 'HOSPICE' as const });
      const events = enrolmentDecider.decide(unenrol as never, [enrolled()].reduce(evolvePatientRecord, initialPatientRecord()));
      expect(events).toEqual([{ type: 'PatientUnenrolled', data: { ...ids, effectiveOn: '2026-03-10', reason: 'HOSPICE', note: null } }]);
      expect(statusAfter([enrolled(), ...(events as PatientEvent[])])).toBe('UNENROLLED');
      given(enrolmentDecider, [enrolled(), ...(events as EnrolmentEvent[] as never[])])
        .when(unenrol)
        .thenThrows('PRECONDITION_FAILED', /already unenrolled/);
    });
    it('refuses an unenrolment before the enrolment date, in the future, or of a patient never enrolled', () => {
      given(enrolmentDecider, [enrolled()])
        .when(command('UnenrollPatient', { effectiveOn: '2026-02-10', reason: 'MOVED' }))
        .thenThrows('BAD_USER_INPUT', /before the enrolment/);
      given(enrolmentDecider, [enrolled()])
        .when(command('UnenrollPatient', { effectiveOn: '2026-04-10', reason: 'MOVED' }))
        .thenThrows('BAD_USER_INPUT', /future/);
      given(enrolmentDecider, [registered()])
        .when(command('UnenrollPatient', { effectiveOn: '2026-03-10', reason: 'MOVED' }))
        .thenThrows('PRECONDITION_FAILED', /not enrolled/);
    });
    it('an unenrolment happens at the start of its effective day in the practice zone', () =>
      expect(
        enrolmentValidTime(
          { type: 'PatientUnenrolled', data: { ...ids, effectiveOn: '2026-03-10', reason: 'MOVED', note: null } },
          'America/New_York',
        )?.toISOString(),
      ).toBe('2026-03-10T04:00:00.000Z')); // EDT since March 8;
  });

  describe('ImportEhrCondition', () => {
    const condition = (
      overrides: Partial<{ icd10: string; description: string; clinicalStatus: 'resolved'; abatement: string; provenance: ImportProvenance }> = {},
    ) =>
      command('ImportEhrCondition', {
        conditionId: 'cond-1',
        icd10: 'e11.9',
        description: 'Type 2 diabetes mellitus',
        clinicalStatus: 'active' as const,
        categories: ['problem-list-item' as const],
        onset: '2015-06-01',
        abatement: null as string | null,
        provenance: provenance('cond-1', 'Condition'),
        ...overrides,
      });
    it('records the condition with its chronicity from the CCW classification', () =>
      given(enrolmentDecider, [registered()])
        .when(condition())
        .then([
          {
            type: 'EhrConditionImported',
            data: {
              ...ids,
              conditionId: 'cond-1',
              icd10: 'E11.9',
              description: 'Type 2 diabetes mellitus',
              clinicalStatus: 'active',
              categories: ['problem-list-item'],
              onset: '2015-06-01',
              abatement: null,
              chronic: true,
              chronicCategory: 'Diabetes',
              provenance: provenance('cond-1', 'Condition'),
            },
          },
        ]));
    it('an acute code is not chronic', () => {
      const [event] = enrolmentDecider.decide(
        condition({ icd10: 'J06.9', description: 'Acute upper respiratory infection' }) as never,
        [registered()].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      expect(event.data).toMatchObject({ chronic: false, chronicCategory: null });
    });
    it('the same condition imported again appends nothing; a new clinical status is recorded', () => {
      const first = enrolmentDecider.decide(condition() as never, [registered()].reduce(evolvePatientRecord, initialPatientRecord()));
      given(enrolmentDecider, [registered(), ...first])
        .when(condition({ provenance: { ...provenance('cond-1', 'Condition'), importId: 'imp-2' } }))
        .thenNothingHappens();
      const [resolved] = enrolmentDecider.decide(
        condition({ clinicalStatus: 'resolved', abatement: '2026-01-05' }) as never,
        [registered(), ...first].reduce(evolvePatientRecord, initialPatientRecord()),
      );
      expect(resolved.data).toMatchObject({ clinicalStatus: 'resolved', abatement: '2026-01-05' });
    });
    it('refuses an abatement before the onset, and a condition for an unknown patient', () => {
      given(enrolmentDecider, [registered()])
        .when(condition({ abatement: '2010-01-01' }))
        .thenThrows('BAD_USER_INPUT', /before the onset/);
      given(enrolmentDecider).when(condition()).thenThrows('NOT_FOUND');
    });
  });
});
