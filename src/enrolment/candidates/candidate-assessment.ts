import { eligibilityOf, type Eligibility, type EligibilityCondition } from '../../patients/eligibility';
import type { PatientRecord } from '../../patient-stream/patient-record';
import { latestCoverage, type EhrConditionState } from '../enrolment.state';

/** FHIR clinical statuses under which a condition is still present (condition-clinical: active and its children). */
const PRESENT_STATUSES = new Set(['active', 'recurrence', 'relapse']);

export const isPresent = (condition: Pick<EhrConditionState, 'clinicalStatus'>) => PRESENT_STATUSES.has(condition.clinicalStatus);

/** EHR conditions that count toward "two or more chronic conditions": present, chronic per the CCW table, not recorded by hand. */
export function ehrChronicConditions(record: PatientRecord): EhrConditionState[] {
  const recorded = new Set(record.conditions.filter((condition) => condition.active).map((condition) => condition.icd10));
  const seen = new Set<string>();
  return record.intake.ehrConditions.filter((condition) => {
    if (!condition.chronic || !isPresent(condition) || recorded.has(condition.icd10) || seen.has(condition.icd10)) return false;
    seen.add(condition.icd10);
    return true;
  });
}

/**
 * How many chronic conditions the patient has that could qualify it: those recorded by a practitioner (active,
 * expected to last at least 12 months) and the EHR's present chronic ones. Orders the candidates: most first.
 */
export function likelyQualifyingConditions(record: PatientRecord): number {
  const recorded = record.conditions.filter((condition) => condition.active && condition.expectedDurationMonths >= 12).length;
  return recorded + ehrChronicConditions(record).length;
}

/**
 * The eligibility of a patient not enrolled yet, assessed for CCM: only conditions a practitioner recorded can make
 * it eligible, because "places the patient at significant risk" is the practitioner's judgement (ccm-rules §2
 * NOT_ELIGIBLE); each chronic condition of the EHR's problem list is named as awaiting that confirmation.
 */
export function candidateEligibility(record: PatientRecord): Eligibility {
  const qmb = latestCoverage(record.intake)?.qmb ?? false;
  const recorded: EligibilityCondition[] = record.conditions;
  const eligibility = eligibilityOf('CCM', qmb, recorded);
  const awaiting = ehrChronicConditions(record).map(
    (condition) =>
      `${condition.icd10} (${condition.chronicCategory}, from the EHR ${condition.categories.join(' and ') || 'record'}) is chronic; whether it places the patient at significant risk awaits a practitioner's confirmation`,
  );
  return { ...eligibility, reasons: [...eligibility.reasons, ...awaiting] };
}
