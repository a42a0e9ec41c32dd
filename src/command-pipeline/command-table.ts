import { billingMonthDecider } from '../billing/month/billing-month.decider';
import { careActivityDecider, careActivityValidTime } from '../care-activities/care-activity.decider';
import { careTeamDecider, careTeamValidTime } from '../care-team/care-team.decider';
import { carePlanDecider, carePlanValidTime } from '../care-plans/care-plan.decider';
import { consentDecider, consentValidTime } from '../consent/consent.decider';
import { documentationRequestDecider } from '../documentation-requests/documentation-request.decider';
import type { DomainEvent } from '../kernel/decider';
import { enrolmentDecider, enrolmentValidTime } from '../enrolment/enrolment.decider';
import { fhirImportDecider } from '../enrolment/fhir-import/fhir-import.decider';
import { medicationDecider, medicationValidTime } from '../medications/medication.decider';
import type { ValidTimeOf } from '../patient-stream/patient-command';
import { patientDecider, patientFactValidTime } from '../patients/patient.decider';
import { evolvePatientRecord } from '../patient-stream/patient-record';
import { programDecider } from '../on-call/program.decider';
import { practiceDecider } from '../practice/practice.decider';
import { taskDecider } from '../tasks/task.decider';
import type { SnapshotFold } from './stream-snapshots';

/** Every command a decider of the application decides: the union of the deciders' command unions. */
type DecidedCommand = Parameters<
  (
    | typeof practiceDecider
    | typeof patientDecider
    | typeof consentDecider
    | typeof carePlanDecider
    | typeof careActivityDecider
    | typeof medicationDecider
    | typeof billingMonthDecider
    | typeof documentationRequestDecider
    | typeof careTeamDecider
    | typeof taskDecider
    | typeof programDecider
    | typeof enrolmentDecider
    | typeof fhirImportDecider
  )['decide']
>[0];

/** Each command type names a decider that decides commands of that type, and no type is missing or misspelt. */
type EveryCommandDecided = {
  [Type in DecidedCommand['type']]: { decider: { decide: (command: Extract<DecidedCommand, { type: Type }>, state: never) => DomainEvent[] } };
};

/** Commands on a patient stream also say when their events happened (valid time, in the practice's zone). */
const patientFacts = { decider: patientDecider, validTime: patientFactValidTime };
const consents = { decider: consentDecider, validTime: consentValidTime };
const carePlans = { decider: carePlanDecider, validTime: carePlanValidTime };
const careActivities = { decider: careActivityDecider, validTime: careActivityValidTime };
const medications = { decider: medicationDecider, validTime: medicationValidTime };
const practice = { decider: practiceDecider };
const billingMonth = { decider: billingMonthDecider };
const documentationRequests = { decider: documentationRequestDecider };
const careTeam = { decider: careTeamDecider, validTime: careTeamValidTime };
const tasks = { decider: taskDecider };
const programOperations = { decider: programDecider };
const enrolment = { decider: enrolmentDecider, validTime: enrolmentValidTime };
const fhirImports = { decider: fhirImportDecider };

/**
 * The one table of commands: command type → the decider that decides it. Resolvers name a command by its type and
 * CommandService.execute looks its decider up here, so a misspelt type or a command given to the wrong decider
 * does not compile (the check is `EveryCommandDecided`).
 */
export const COMMAND_TABLE = {
  ConfigurePractice: practice,
  RegisterStaffMember: practice,
  DeactivateStaffMember: practice,
  EnrollPatient: patientFacts,
  ChangeBillingPractitioner: patientFacts,
  RecordChronicCondition: patientFacts,
  ResolveChronicCondition: patientFacts,
  RecordInitiatingVisit: patientFacts,
  RecordExternalService: patientFacts,
  GiveConsent: consents,
  RevokeConsent: consents,
  CreateCarePlan: carePlans,
  ReviseCarePlan: carePlans,
  ShareCarePlan: carePlans,
  LogCall: careActivities,
  CorrectCall: careActivities,
  VoidCall: careActivities,
  AttestCareActivity: careActivities,
  ReconcileMedications: medications,
  CloseBillingMonth: billingMonth,
  SubmitClaim: billingMonth,
  OpenDocumentationRequest: documentationRequests,
  RespondToDocumentationRequest: documentationRequests,
  RecordDocumentationDelivery: documentationRequests,
  AssignCareManager: careTeam,
  AddCareTeamMember: careTeam,
  RemoveCareTeamMember: careTeam,
  CreateTask: tasks,
  AssignTask: tasks,
  CompleteTask: tasks,
  CancelTask: tasks,
  ScheduleOnCall: programOperations,
  ConfigureOutreachCadence: programOperations,
  RegisterPatient: enrolment,
  ImportEhrPatient: enrolment,
  RecordCoverageVerification: enrolment,
  DeclineEnrollment: enrolment,
  UnenrollPatient: enrolment,
  ImportEhrCondition: enrolment,
  ImportEhrMedication: enrolment,
  RecordFhirImport: fhirImports,
} satisfies EveryCommandDecided;

type CommandTable = typeof COMMAND_TABLE;
export type CommandType = keyof CommandTable;
export type CommandNamed<Type extends CommandType> = Extract<DecidedCommand, { type: Type }>;
export type StateAfter<Type extends CommandType> = ReturnType<CommandTable[Type]['decider']['initialState']>;
export type EventOf<Type extends CommandType> = Parameters<CommandTable[Type]['decider']['evolve']>[1];

/** The commands that run on a patient's stream (their table entry has a valid time). */
export type PatientCommandType = { [Type in CommandType]: CommandTable[Type] extends { validTime: ValidTimeOf } ? Type : never }[CommandType];

/**
 * The folds whose streams grow long enough to snapshot: a patient's record gains about 20 events a month for years.
 * Their states are plain JSON (PatientRecord says so), which is what a snapshot stores.
 */
export const SNAPSHOTTED_FOLDS: readonly SnapshotFold[] = [{ name: 'patient-record', evolve: evolvePatientRecord }];
