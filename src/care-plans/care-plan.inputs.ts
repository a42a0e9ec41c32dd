import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { IsCommandId, IsLongText, IsShortText } from '../graphql/validation';
import { IsCalendarDate, IsClientUuid, IsInstant, IsTextList } from '../patient-stream/care-record.validation';

/** Problems, goals and interventions: 1-50 entries of one line each. */
const IsPlanList = () => IsTextList({ minItems: 1, maxItems: 50, maxLength: 500 });

export class CreateCarePlanInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsPlanList() problems!: string[];
  @IsLongText() expectedOutcomes!: string;
  @IsPlanList() goals!: string[];
  @IsLongText() symptomManagement!: string;
  @IsPlanList() interventions!: string[];
  @IsLongText() medicationManagement!: string;
  @IsOptional() @IsLongText() communityResources?: string | null;
  @IsOptional() @IsLongText() coordinationNotes?: string | null;
  @IsCalendarDate() reviewBy!: string;
  @IsOptional() @IsInstant() effectiveAt?: string | null;
}

export class ReviseCarePlanInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1, { message: 'expectedVersion must be at least 1' }) expectedVersion!: number;
  @IsBoolean() substantial!: boolean;
  @IsOptional() @IsPlanList() problems?: string[] | null;
  @IsOptional() @IsLongText() expectedOutcomes?: string | null;
  @IsOptional() @IsPlanList() goals?: string[] | null;
  @IsOptional() @IsLongText() symptomManagement?: string | null;
  @IsOptional() @IsPlanList() interventions?: string[] | null;
  @IsOptional() @IsLongText() medicationManagement?: string | null;
  @IsOptional() @IsLongText() communityResources?: string | null;
  @IsOptional() @IsLongText() coordinationNotes?: string | null;
  @IsOptional() @IsCalendarDate() reviewBy?: string | null;
  @IsLongText(1000) reason!: string;
  @IsOptional() @IsInstant() effectiveAt?: string | null;
}

export class ShareCarePlanInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsInstant() sharedAt!: string;
  /** How the copy reached the patient, e.g. patient portal, printed copy, mail. */
  @IsShortText(100) channel!: string;
}
