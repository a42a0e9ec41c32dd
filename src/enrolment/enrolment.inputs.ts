import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsCommandId, IsExternalId, IsLongText, IsShortText, Satisfies } from '../graphql/validation';
import { IsCalendarDate, IsClientUuid, IsInstant } from '../patient-stream/care-record.validation';
import { isMedicareBeneficiaryId } from '../patients/clinical-codes';
import { DECLINE_REASONS, UNENROLL_REASONS, type DeclineReason, type UnenrollReason } from './enrolment.events';

export class RegisterPatientInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsShortText() name!: string;
  @IsCalendarDate() birthDate!: string;
  @IsOptional() @Satisfies(isMedicareBeneficiaryId, 'must be a Medicare Beneficiary Identifier such as 1EG4-TE5-MK73') medicareId?: string | null;
  @IsOptional() @IsExternalId() payerId?: string | null;
}

export class RecordCoverageVerificationInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsInstant() verifiedAt!: string;
  /** Where it was verified, e.g. "HETS 270/271", "MAC portal", "Medicare card". */
  @IsShortText() source!: string;
  @IsBoolean() partB!: boolean;
  @IsOptional() @IsShortText() medicareAdvantagePlan?: string | null;
  @IsOptional() @IsBoolean() secondaryCoversCostSharing?: boolean | null;
  @IsBoolean() qmb!: boolean;
}

export class DeclineEnrollmentInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsInstant() declinedAt!: string;
  @IsIn(DECLINE_REASONS, { message: `reason must be one of ${DECLINE_REASONS.join(', ')}` }) reason!: DeclineReason;
  @IsOptional() @IsLongText(1000) note?: string | null;
}

export class UnenrollPatientInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsCalendarDate() effectiveOn!: string;
  @IsIn(UNENROLL_REASONS, { message: `reason must be one of ${UNENROLL_REASONS.join(', ')}` }) reason!: UnenrollReason;
  @IsOptional() @IsLongText(1000) note?: string | null;
}
