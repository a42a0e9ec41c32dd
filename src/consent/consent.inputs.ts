import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsCommandId, IsLongText, IsShortText } from '../graphql/validation';
import { IsClientUuid, IsInstant } from '../patient-stream/care-record.validation';
import { CONSENT_METHODS, type ConsentMethod } from './consent.events';

export class GiveConsentInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsIn(CONSENT_METHODS) method!: ConsentMethod;
  @IsInstant() givenAt!: string;
  @IsBoolean() explainedCostSharing!: boolean;
  @IsBoolean() explainedRightToStop!: boolean;
  @IsBoolean() explainedSinglePractitioner!: boolean;
  @IsOptional() @IsShortText() documentReference?: string | null;
}

export class RevokeConsentInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsInstant() revokedAt!: string;
  @IsLongText(1000) reason!: string;
}
