import type { PatientRecord } from '../patient-stream/patient-record';
import type { EnrollmentStatus } from './enrolment.events';
import { latestCoverage } from './enrolment.state';

/** Who the patient is: the enrolment's details once enrolled, the registration's before. */
export function patientIdentity(record: PatientRecord) {
  const source = record.enrollment ?? record.intake.registration;
  if (!source) return null;
  const { patientId, practiceId, name, birthDate, medicareId, payerId } = source;
  return { patientId, practiceId, name, birthDate, medicareId, payerId };
}

/**
 * The patient's place in the program, derived from the record:
 * UNENROLLED after an unenrolment; ENROLLED once enrolled; DECLINED after a decline (a later enrolment wins);
 * INELIGIBLE when the latest coverage verification found neither Part B nor a Medicare Advantage plan (CCM, PCM
 * and APCM are Part B services, ccm-rules §2 NOT_ELIGIBLE reads the conditions, this the coverage); else IDENTIFIED.
 */
export function enrollmentStatusOf(record: PatientRecord): EnrollmentStatus {
  if (record.enrollment) return record.intake.unenrolment ? 'UNENROLLED' : 'ENROLLED';
  if (record.intake.declines.length > 0) return 'DECLINED';
  const coverage = latestCoverage(record.intake);
  if (coverage && !coverage.partB && coverage.medicareAdvantagePlan === null) return 'INELIGIBLE';
  return 'IDENTIFIED';
}
