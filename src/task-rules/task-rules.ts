/**
 * The tasks the program opens by itself (issue 14), as pure functions: each names its task by a key derived from
 * what triggered it, so the same trigger always yields the same task and a rule never opens a task twice.
 */
import { isEvaluableServiceYear, ruleSetForMonth } from '../billing/rules';
import { lastDayOfMonth, localDate } from '../kernel/calendar';
import { uuidV5 } from '../kernel/ids';
import type { PatientEvent } from '../patient-stream/patient-event';
import type { TaskKind, TaskOrigin } from '../tasks/task.events';

export interface RuleTask {
  /** What triggered it, e.g. `consent-renewal/<event id>`; the task's id and command id derive from it. */
  key: string;
  patientId: string;
  practiceId: string;
  kind: TaskKind;
  origin: TaskOrigin;
  title: string;
  dueOn: string;
}

/** Ten working days is the usual turnaround for a new consent conversation (the practice may change the due date). */
export const CONSENT_RENEWAL_DAYS = 14;
/** TCM asks for an interactive contact within two business days of discharge (CPT 99495/99496); two calendar days is the stricter reading. */
export const TRANSITION_FOLLOW_UP_DAYS = 2;

export const ruleTaskId = (key: string) => uuidV5(`rule-task/${key}`);
export const ruleCommandId = (key: string) => uuidV5(`rule-task-command/${key}`);

export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** An inpatient stay's code, as the billing rule set of its service year lists them (one list, in billing). */
function isInpatientStay(cptCode: string, serviceDate: string): boolean {
  const month = serviceDate.slice(0, 7);
  if (!isEvaluableServiceYear(Number(month.slice(0, 4)))) return false;
  return ruleSetForMonth(month).setApart.inpatientStayCodes.includes(cptCode.trim().toUpperCase());
}

/**
 * The tasks a patient event opens. `eventId` identifies the trigger; `day` is the practice's calendar day when the
 * event happened (valid time).
 */
export function tasksOpenedBy(event: PatientEvent, eventId: string, day: string, timeZone: string): RuleTask[] {
  const { patientId, practiceId } = event.data;
  switch (event.type) {
    case 'BillingPractitionerChanged':
      // A consent is given for one billing practitioner; a new one needs a new consent (ccm-rules.md §2, NO_CONSENT).
      return [
        {
          key: `consent-renewal/${eventId}`,
          patientId,
          practiceId,
          kind: 'CONSENT_RENEWAL',
          origin: 'CONSENT_RULE',
          title: `Renew consent: the billing practitioner is now ${event.data.billingPractitioner.name}`,
          dueOn: addDays(day, CONSENT_RENEWAL_DAYS),
        },
      ];
    case 'CarePlanCreated':
    case 'CarePlanRevised': {
      const reviewBy = event.type === 'CarePlanCreated' ? event.data.reviewBy : event.data.changes.reviewBy;
      if (!reviewBy) return [];
      // One review per review date: a revision that keeps the date does not open another.
      return [
        {
          key: `care-plan-review/${patientId}/${reviewBy}`,
          patientId,
          practiceId,
          kind: 'CARE_PLAN_REVIEW',
          origin: 'CARE_PLAN_REVIEW',
          title: `Review the care plan by ${reviewBy}`,
          dueOn: reviewBy,
        },
      ];
    }
    case 'ExternalServiceRecorded': {
      const { cptCode, serviceDate, endedAt } = event.data;
      if (!isInpatientStay(cptCode, serviceDate)) return [];
      const discharged = endedAt ? localDate(new Date(endedAt), timeZone) : serviceDate;
      return [
        {
          key: `transition/${eventId}`,
          patientId,
          practiceId,
          kind: 'TRANSITION_FOLLOW_UP',
          origin: 'TRANSITION',
          title: `Follow up after the hospital stay (${cptCode}, discharged ${discharged})`,
          dueOn: addDays(discharged, TRANSITION_FOLLOW_UP_DAYS),
        },
      ];
    }
    default:
      return [];
  }
}

/**
 * The month's outreach task of a patient with no contact yet, once the program's cadence opens it: due
 * `dueAfterDays` after the opening day, within the month. Null before the opening day.
 */
export function outreachTask(
  patient: { patientId: string; practiceId: string },
  month: string,
  today: string,
  cadence: { openOnDay: number; dueAfterDays: number },
): RuleTask | null {
  const opensOn = `${month}-${String(cadence.openOnDay).padStart(2, '0')}`;
  if (today.slice(0, 7) !== month || today < opensOn) return null;
  const due = addDays(opensOn, cadence.dueAfterDays);
  const last = lastDayOfMonth(month);
  return {
    key: `outreach/${patient.patientId}/${month}`,
    ...patient,
    kind: 'OUTREACH_CALL',
    origin: 'CADENCE',
    title: `Monthly outreach: no contact yet in ${month}`,
    dueOn: due > last ? last : due,
  };
}
