import { localDate } from '../kernel/calendar';
import { DomainError, badInput, preconditionFailed } from '../kernel/domain-error';
import { requireEnrolledPatient, type PatientCommand, type PatientDecider, type ValidTimeOf } from '../patient-stream/patient-command';
import { evolvePatientRecord, initialPatientRecord, type PatientRecord } from '../patient-stream/patient-record';
import { requireAuthor, requireStaff } from '../patient-stream/practice-context';
import { assertAcceptedInstant, isBefore } from '../patient-stream/valid-time';
import { CARE_PLAN_ELEMENTS, type CarePlanChanges, type CarePlanContent, type CarePlanEvent } from './care-plan.events';
import type { CreateCarePlanInput, ReviseCarePlanInput, ShareCarePlanInput } from './care-plan.inputs';
import type { CarePlanState } from './care-plan.state';

export type CreateCarePlan = PatientCommand<'CreateCarePlan', Omit<CreateCarePlanInput, 'commandId'>>;
export type ReviseCarePlan = PatientCommand<'ReviseCarePlan', Omit<ReviseCarePlanInput, 'commandId'>>;
export type ShareCarePlan = PatientCommand<'ShareCarePlan', Omit<ShareCarePlanInput, 'commandId'>>;
export type CarePlanCommand = CreateCarePlan | ReviseCarePlan | ShareCarePlan;

function requireCarePlan(state: PatientRecord): CarePlanState {
  if (!state.carePlan) throw preconditionFailed('NO_CARE_PLAN', 'The patient has no care plan yet; a practitioner must create it first');
  return state.carePlan;
}

function assertReviewAfter(reviewBy: string, effectiveAt: string, zone: string) {
  if (reviewBy < localDate(new Date(effectiveAt), zone)) throw badInput('reviewBy', 'must not be before the plan takes effect');
}

/** The elements the input sets to a value different from the plan's; the others stay null (unchanged). */
function changesBetween(plan: CarePlanContent, input: ReviseCarePlan['data']): CarePlanChanges {
  const changes = {} as Record<keyof CarePlanContent, unknown>;
  for (const element of CARE_PLAN_ELEMENTS) {
    const proposed = input[element] ?? null;
    changes[element] = proposed !== null && JSON.stringify(proposed) !== JSON.stringify(plan[element]) ? proposed : null;
  }
  return changes as CarePlanChanges;
}

export const carePlanDecider: PatientDecider<CarePlanCommand> = {
  initialState: initialPatientRecord,
  evolve: evolvePatientRecord,

  decide(command, state): CarePlanEvent[] {
    const { practice, metadata } = command;
    const { patientId, practiceId } = command.data;
    requireAuthor(command);
    requireEnrolledPatient(state, practiceId);

    switch (command.type) {
      case 'CreateCarePlan': {
        const { patientId: _patient, practiceId: _practice, effectiveAt: requestedAt, ...input } = command.data;
        const effectiveAt = requestedAt ?? metadata.now.toISOString();
        assertAcceptedInstant('effectiveAt', effectiveAt, metadata.now);
        assertReviewAfter(input.reviewBy, effectiveAt, practice.timeZone);
        if (state.carePlan) throw preconditionFailed('CARE_PLAN_EXISTS', 'The patient already has a care plan; revise it instead');
        // CMS: the plan is established by a practitioner; clinical staff may revise it (ccm-rules §2 NO_CARE_PLAN).
        const createdBy = requireStaff(practice, metadata.actorId, 'care plan author', { practitioner: true });
        const content: CarePlanContent = {
          problems: input.problems,
          expectedOutcomes: input.expectedOutcomes,
          goals: input.goals,
          symptomManagement: input.symptomManagement,
          interventions: input.interventions,
          medicationManagement: input.medicationManagement,
          communityResources: input.communityResources ?? null,
          coordinationNotes: input.coordinationNotes ?? null,
          reviewBy: input.reviewBy,
        };
        return [{ type: 'CarePlanCreated', data: { patientId, practiceId, version: 1, effectiveAt, createdBy, ...content } }];
      }

      case 'ReviseCarePlan': {
        const plan = requireCarePlan(state);
        const { expectedVersion, substantial, reason } = command.data;
        if (expectedVersion !== plan.version) {
          throw new DomainError('CONFLICT', `The care plan is at version ${plan.version}, not ${expectedVersion}; reload it and revise again`);
        }
        const effectiveAt = command.data.effectiveAt ?? metadata.now.toISOString();
        assertAcceptedInstant('effectiveAt', effectiveAt, metadata.now);
        if (isBefore(effectiveAt, plan.lastRevisedAt)) throw badInput('effectiveAt', 'must not be before the current version took effect');
        const changes = changesBetween(plan, command.data);
        if (CARE_PLAN_ELEMENTS.every((element) => changes[element] === null)) throw badInput('revision', 'changes no element of the care plan');
        if (changes.reviewBy !== null) assertReviewAfter(changes.reviewBy, effectiveAt, practice.timeZone);
        const revisedBy = requireStaff(practice, metadata.actorId, 'care plan reviser', { clinical: true });
        return [{ type: 'CarePlanRevised', data: { patientId, practiceId, version: plan.version + 1, substantial, changes, reason, effectiveAt, revisedBy } }];
      }

      case 'ShareCarePlan': {
        const plan = requireCarePlan(state);
        const { sharedAt, channel } = command.data;
        assertAcceptedInstant('sharedAt', sharedAt, metadata.now);
        if (isBefore(sharedAt, plan.lastRevisedAt)) throw badInput('sharedAt', 'must not be before the current version of the plan took effect');
        return [{ type: 'CarePlanSharedWithPatient', data: { patientId, practiceId, version: plan.version, sharedAt, channel, sharedBy: metadata.actorId } }];
      }

      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown care plan command');
    }
  },
};

export const carePlanValidTime: ValidTimeOf = (event) => {
  if (event.type === 'CarePlanCreated' || event.type === 'CarePlanRevised') return new Date(event.data.effectiveAt);
  if (event.type === 'CarePlanSharedWithPatient') return new Date(event.data.sharedAt);
  return null;
};
