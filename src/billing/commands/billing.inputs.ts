import { IsCommandId, IsExternalId, Satisfies } from '../../graphql/validation';
import { isValidYearMonth } from '../../kernel/calendar';
import { IsClientUuid } from '../../patient-stream/care-record.validation';

const IsYearMonth = () => Satisfies(isValidYearMonth, 'must be a month such as 2026-03');

export class CloseBillingMonthInput {
  @IsCommandId() commandId!: string;
  @IsYearMonth() month!: string;
}

export class SubmitClaimInput {
  @IsCommandId() commandId!: string;
  @IsClientUuid() patientId!: string;
  @IsYearMonth() month!: string;
  @IsExternalId() payerId!: string;
}
