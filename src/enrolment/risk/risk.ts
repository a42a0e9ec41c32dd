import type { PatientRecord } from '../../patient-stream/patient-record';
import { ehrChronicConditions } from '../candidates/candidate-assessment';
import { CURRENT_RISK_RULES, type RiskRules } from './risk-rules';

export type RiskLevel = 'LOW' | 'MODERATE' | 'HIGH';
export interface RiskAssessment {
  level: RiskLevel;
  points: number;
  reasons: string[];
  rulesVersion: string;
}

const DAY_MS = 86_400_000;
const CONTACT_KINDS = new Set(['PATIENT_CALL', 'SECURE_MESSAGE']);

/** The chronic conditions assessed: active ones a practitioner recorded, and the EHR's present chronic ones. */
function chronicConditions(record: PatientRecord): { icd10: string; label: string }[] {
  const recorded = record.conditions.filter((condition) => condition.active).map((condition) => ({ icd10: condition.icd10, label: condition.description }));
  const fromEhr = ehrChronicConditions(record).map((condition) => ({ icd10: condition.icd10, label: `${condition.description}, from the EHR` }));
  return [...recorded, ...fromEhr];
}

/** The most recent transition of care within the window, in words, or null. */
function recentTransition(record: PatientRecord, nowMs: number, rules: RiskRules): string | null {
  const fromMs = nowMs - rules.transitionWithinDays * DAY_MS;
  const dated: { atMs: number; what: string }[] = [
    ...record.externalServices
      .filter((service) => rules.transitionCodes.includes(service.cptCode))
      .map((service) => ({
        atMs: Date.parse(`${service.serviceDate}T12:00:00Z`),
        what: `transitional care management (${service.cptCode}) on ${service.serviceDate}`,
      })),
    ...record.externalServices
      .filter((service) => service.endedAt)
      .map((service) => ({ atMs: Date.parse(service.endedAt!), what: `a stay ending ${service.endedAt!.slice(0, 10)} (${service.cptCode})` })),
    ...record.activities
      .filter((activity) => activity.kind === 'TRANSITION_OF_CARE' && activity.status !== 'VOIDED')
      .map((activity) => ({ atMs: Date.parse(activity.startedAt), what: `a transition-of-care follow-up on ${activity.startedAt.slice(0, 10)}` })),
  ].filter(({ atMs }) => atMs >= fromMs && atMs <= nowMs);
  dated.sort((a, b) => b.atMs - a.atMs);
  return dated[0]?.what ?? null;
}

/** Days since the last patient contact of an enrolled patient (from enrolment when there was none), or null when not enrolled. */
function daysWithoutContact(record: PatientRecord, nowMs: number): number | null {
  if (!record.enrollment || record.intake.unenrolment) return null;
  const contacts = record.activities
    .filter((activity) => CONTACT_KINDS.has(activity.kind) && activity.status !== 'VOIDED')
    .map((activity) => Date.parse(activity.startedAt));
  const sinceMs = contacts.length > 0 ? Math.max(...contacts) : Date.parse(`${record.enrollment.enrolledOn}T00:00:00Z`);
  return Math.floor((nowMs - sinceMs) / DAY_MS);
}

/** Active EHR medications that the latest reconciliation's list does not name (by name, ignoring case). */
function unreconciledEhrMedications(record: PatientRecord): string[] {
  const latest = record.medicationReconciliations[record.medicationReconciliations.length - 1];
  if (!latest) return [];
  const reconciled = latest.medications.map((medication) => medication.name.toLowerCase());
  return record.intake.ehrMedications
    .filter(
      (medication) =>
        medication.status === 'active' &&
        !reconciled.some((name) => medication.description.toLowerCase().includes(name) || name.includes(medication.description.toLowerCase())),
    )
    .map((medication) => medication.description);
}

/** The patient's risk level and the facts behind it, as of `now`. Pure: the record and the time decide it. */
export function assessRisk(record: PatientRecord, now: Date, rules: RiskRules = CURRENT_RISK_RULES): RiskAssessment {
  const nowMs = now.getTime();
  const { points } = rules;
  let total = 0;
  const reasons: string[] = [];
  const add = (value: number, reason: string) => {
    total += value;
    reasons.push(`${reason} (+${value})`);
  };

  const conditions = chronicConditions(record);
  if (conditions.length > 0)
    add(
      conditions.length * points.perChronicCondition,
      `${conditions.length} chronic condition${conditions.length === 1 ? '' : 's'}: ${conditions.map((c) => c.icd10).join(', ')}`,
    );
  for (const condition of conditions) {
    const code = condition.icd10.replace('.', '');
    if (rules.severePrefixes.some((prefix) => code.startsWith(prefix)))
      add(points.severeCondition, `${condition.icd10} (${condition.label}) carries a high risk of decline`);
  }

  const transition = recentTransition(record, nowMs, rules);
  if (transition) add(points.transitionOfCare, `transition of care in the last ${rules.transitionWithinDays} days: ${transition}`);

  const silentDays = daysWithoutContact(record, nowMs);
  if (silentDays !== null && silentDays >= rules.noContactAfterDays) add(points.noRecentContact, `no patient contact for ${silentDays} days`);

  const latest = record.medicationReconciliations[record.medicationReconciliations.length - 1];
  const discrepancies = [
    ...(latest?.discrepancies ?? []),
    ...unreconciledEhrMedications(record).map((name) => `${name} is on the EHR list but not on the reconciled list`),
  ];
  if (discrepancies.length > 0) {
    const counted = Math.min(discrepancies.length, points.maxMedicationDiscrepancies);
    add(
      counted * points.perMedicationDiscrepancy,
      `${discrepancies.length} medication discrepanc${discrepancies.length === 1 ? 'y' : 'ies'}: ${discrepancies.join('; ')}`,
    );
  }
  const medicationCount = latest ? latest.medications.length : record.intake.ehrMedications.filter((medication) => medication.status === 'active').length;
  if (medicationCount >= rules.polypharmacyFrom) add(points.polypharmacy, `${medicationCount} current medications`);

  const level: RiskLevel = total >= rules.levels.highFrom ? 'HIGH' : total >= rules.levels.moderateFrom ? 'MODERATE' : 'LOW';
  const summary = `${level} by ${rules.version}: ${total} point${total === 1 ? '' : 's'} (MODERATE from ${rules.levels.moderateFrom}, HIGH from ${rules.levels.highFrom})`;
  return { level, points: total, reasons: [summary, ...reasons], rulesVersion: rules.version };
}
