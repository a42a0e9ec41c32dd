import type { RecordedEvent } from '../../event-store/event-store.port';
import { lastDayOfMonth } from '../../kernel/calendar';
import { evolveConditions, type ConditionState } from '../../patients/patient.state';
import type { DiagnosisEvidence } from './evidence-packet';
import { eventsOfType } from './recorded-events';

/**
 * The chronic conditions documented for some day of the month (from onset, or from when recorded without one, until
 * resolved), folded by the patients slice; `qualifyingCodes` are the ICD-10-CM codes the claim names (billing's
 * claimDiagnoses), marked `qualifying`.
 */
export function diagnosesForMonth(events: readonly RecordedEvent[], month: string, qualifyingCodes: readonly string[]): DiagnosisEvidence[] {
  let conditions: ConditionState[] = [];
  const eventIds: string[][] = [];
  for (const { recorded, event } of eventsOfType(events, 'ChronicConditionRecorded', 'ChronicConditionResolved')) {
    if (event.type === 'ChronicConditionRecorded') eventIds.push([recorded.id]);
    // A resolution closes every active episode of the code (evolveConditions).
    else conditions.forEach((condition, index) => condition.active && condition.icd10 === event.data.icd10 && eventIds[index].push(recorded.id));
    conditions = evolveConditions(conditions, event);
  }
  const first = `${month}-01`;
  const last = lastDayOfMonth(month);
  return conditions
    .map((condition, index) => ({ condition, eventIds: eventIds[index] }))
    .filter(({ condition }) => (condition.onset ?? condition.recordedOn) <= last && (condition.resolvedOn === null || condition.resolvedOn >= first))
    .map(({ condition, eventIds: ids }) => ({
      icd10: condition.icd10,
      description: condition.description,
      onset: condition.onset,
      recordedOn: condition.recordedOn,
      expectedDurationMonths: condition.expectedDurationMonths,
      placesAtSignificantRisk: condition.placesAtSignificantRisk,
      resolvedOn: condition.resolvedOn,
      qualifying: qualifyingCodes.includes(condition.icd10),
      eventIds: ids,
    }));
}
