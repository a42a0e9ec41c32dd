import { IsBoolean, IsOptional } from 'class-validator';
import { IsCommandId, IsExternalId, Satisfies } from '../../graphql/validation';
import { isValidYearMonth } from '../../kernel/calendar';
import { IsClientUuid } from '../../patient-stream/care-record.validation';
import { IsPlaceOfService } from '../../practice/practice.inputs';

const IsYearMonth = () => Satisfies(isValidYearMonth, 'must be a month such as 2026-03');

export class CloseBillingMonthInput {
  @IsCommandId() commandId!: string;
  @IsYearMonth() month!: string;
  /** Needed for a month evaluated on provisional rules (a service year CareLedger has no published rules for). */
  @IsOptional() @IsBoolean() acknowledgeProvisionalRules?: boolean | null;
}

export class SubmitClaimInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsYearMonth() month!: string;
  @IsExternalId() payerId!: string;
  @IsOptional() @IsBoolean() acknowledgeProvisionalRules?: boolean | null;
  /** This claim's place of service when it differs from the practice's (e.g. 12 for a home-based practitioner's patient). */
  @IsOptional() @IsPlaceOfService() placeOfService?: string | null;
}
