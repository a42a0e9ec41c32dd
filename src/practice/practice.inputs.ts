import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsCommandId, IsExternalId, IsLongText, IsShortText, Satisfies } from '../graphql/validation';
import { isValidTimeZone } from '../kernel/calendar';
import { BEHAVIOURAL_HEALTH_MODELS, type BehaviouralHealthModel } from './practice.events';
import { STAFF_CREDENTIALS, isValidNpi, type StaffCredential } from './staff-credential';

const IsNpi = () => Satisfies(isValidNpi, 'must be a valid 10-digit NPI');
/** CMS place-of-service codes are two digits, 01–99. */
export const IsPlaceOfService = () => Matches(/^(0[1-9]|[1-9]\d)$/, { message: 'placeOfService must be a two-digit CMS place-of-service code such as 11' });

export class ConfigurePracticeInput {
  @IsCommandId() commandId!: string;
  @IsShortText() name!: string;
  @Satisfies(isValidTimeZone, 'must be an IANA time zone such as America/New_York') timeZone!: string;
  @IsOptional() @IsNpi() npi?: string | null;
  /** Employer identification number, as on claims. */
  @IsOptional() @Matches(/^\d{2}-?\d{7}$/, { message: 'taxId must be an EIN such as 12-3456789' }) taxId?: string | null;
  /** CMS place-of-service code of the practice's claims (two digits, e.g. 11 office, 22 on-campus outpatient hospital). */
  @IsOptional() @IsPlaceOfService() placeOfService?: string | null;
  /** Behavioural health integration the practice provides under APCM (G0568–G0570 from 2026). */
  @IsOptional() @IsIn(BEHAVIOURAL_HEALTH_MODELS) apcmBehaviouralHealth?: BehaviouralHealthModel | null;
  /** Renew consent every so many months (e.g. 12); not required by CMS. */
  @IsOptional()
  @IsInt({ message: 'consentRenewalMonths must be a whole number' })
  @Min(1, { message: 'consentRenewalMonths must be from 1 to 120' })
  @Max(120, { message: 'consentRenewalMonths must be from 1 to 120' })
  consentRenewalMonths?: number | null;
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
