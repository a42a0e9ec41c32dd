import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsCommandId, IsExternalId, IsLongText, IsShortText, Satisfies } from '../graphql/validation';
import { isValidTimeZone } from '../kernel/calendar';
import { STAFF_CREDENTIALS, isValidNpi, type StaffCredential } from './staff-credential';

const IsNpi = () => Satisfies(isValidNpi, 'must be a valid 10-digit NPI');

export class ConfigurePracticeInput {
  @IsCommandId() commandId!: string;
  @IsShortText() name!: string;
  @Satisfies(isValidTimeZone, 'must be an IANA time zone such as America/New_York') timeZone!: string;
  @IsOptional() @IsNpi() npi?: string | null;
  /** Employer identification number, as on claims. */
  @IsOptional() @Matches(/^\d{2}-?\d{7}$/, { message: 'taxId must be an EIN such as 12-3456789' }) taxId?: string | null;
}

export class RegisterStaffMemberInput {
  @IsCommandId() commandId!: string;
  @IsExternalId() staffId!: string;
  @IsShortText() name!: string;
  @IsIn(STAFF_CREDENTIALS) credential!: StaffCredential;
  @IsOptional() @IsNpi() npi?: string | null;
}

export class DeactivateStaffMemberInput {
  @IsCommandId() commandId!: string;
  @IsExternalId() staffId!: string;
  @IsLongText(1000) reason!: string;
}
