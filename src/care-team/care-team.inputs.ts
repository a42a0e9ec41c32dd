import { IsIn, IsOptional, Matches } from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { IsCommandId, IsExternalId, IsShortText } from '../graphql/validation';
import { IsClientUuid, IsInstant } from '../patient-stream/care-record.validation';
import { CARE_TEAM_ROLES, type CareTeamRole } from './care-team.events';

/** A phone number as people write it: digits, spaces, + ( ) - . and an optional extension. */
export const IsPhone = () =>
  applyDecorators(
    IsShortText(40),
    Matches(/^\+?[0-9 ().-]{3,30}( ?(x|ext\.?) ?[0-9]{1,6})?$/, { message: '$property must be a phone number such as +1 555 010 2000' }),
  );

export class AssignCareManagerInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsExternalId() staffId!: string;
  @IsOptional() @IsInstant() effectiveAt?: string | null;
}

export class AddCareTeamMemberInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsClientUuid() memberId!: string;
  @IsIn(CARE_TEAM_ROLES, { message: `role must be one of ${CARE_TEAM_ROLES.join(', ')}` }) role!: CareTeamRole;
  @IsOptional() @IsExternalId() staffId?: string | null;
  @IsShortText() name!: string;
  @IsOptional() @IsShortText() organization?: string | null;
  @IsOptional() @IsPhone() phone?: string | null;
}

export class RemoveCareTeamMemberInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsClientUuid() memberId!: string;
  @IsShortText(1000) reason!: string;
}
