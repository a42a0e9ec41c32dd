import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCommandId, IsExternalId, IsLongText, IsShortText, Satisfies } from '../graphql/validation';
import { isValidNpi } from '../practice/staff-credential';
import { isIcd10CmCode, isMedicareBeneficiaryId, isProcedureCode } from './clinical-codes';
import { IsCalendarDate, IsClientUuid, IsEntryMinutes, IsInstant } from '../patient-stream/care-record.validation';
import { ADMINISTRATIVE_GENDERS, INITIATING_VISIT_KINDS, PROGRAMS, type AdministrativeGender, type InitiatingVisitKind, type Program } from './patient.events';

const IsIcd10 = () => Satisfies(isIcd10CmCode, 'must be an ICD-10-CM code such as E11.9, I10 or J44.1');

export class EnrollPatientInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsShortText() name!: string;
  @IsCalendarDate() birthDate!: string;
  @IsOptional() @Satisfies(isMedicareBeneficiaryId, 'must be a Medicare Beneficiary Identifier such as 1EG4-TE5-MK73') medicareId?: string | null;
  @IsOptional() @IsExternalId() payerId?: string | null;
  @IsIn(PROGRAMS) program!: Program;
  @IsOptional() @IsBoolean() qmb?: boolean | null;
  @IsExternalId() billingPractitionerId!: string;
  @IsOptional() @IsCalendarDate() enrolledOn?: string | null;
  @IsOptional() @IsIn(ADMINISTRATIVE_GENDERS) gender?: AdministrativeGender | null;
}

export class ChangeBillingPractitionerInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsExternalId() billingPractitionerId!: string;
  @IsLongText(1000) reason!: string;
}

export class RecordChronicConditionInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsIcd10() icd10!: string;
  @IsShortText(500) description!: string;
  @IsOptional() @IsCalendarDate() onset?: string | null;
  /** Up to a lifetime: "until death" is recorded as a long duration. */
  @IsInt({ message: 'expectedDurationMonths must be a whole number' })
  @Min(1, { message: 'expectedDurationMonths must be from 1 to 1200' })
  @Max(1200, { message: 'expectedDurationMonths must be from 1 to 1200' })
  expectedDurationMonths!: number;
  @IsBoolean() placesAtSignificantRisk!: boolean;
}

export class ResolveChronicConditionInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsIcd10() icd10!: string;
  @IsLongText(1000) reason!: string;
  @IsOptional() @IsCalendarDate() resolvedOn?: string | null;
}

export class RecordInitiatingVisitInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsCalendarDate() visitDate!: string;
  @IsExternalId() practitionerId!: string;
  @IsIn(INITIATING_VISIT_KINDS, { message: `kind must be one of ${INITIATING_VISIT_KINDS.join(', ')}` }) kind!: InitiatingVisitKind;
}

export class RecordExternalServiceInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsCalendarDate() serviceDate!: string;
  @Satisfies(isProcedureCode, 'must be a CPT or HCPCS code such as 99495 or G0181') cptCode!: string;
  @Satisfies(isValidNpi, 'must be a valid 10-digit NPI') billedByNpi!: string;
  @IsOptional() @IsEntryMinutes() minutes?: number | null;
  /** A face-to-face visit's or an inpatient stay's start and end: care-management minutes inside them do not count. */
  @IsOptional() @IsInstant() startedAt?: string | null;
  @IsOptional() @IsInstant() endedAt?: string | null;
}
