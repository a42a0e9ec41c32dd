import { Controller, Get, Param } from '@nestjs/common';
import { PatientDataFile } from '../../audit/access-log/patient-data-file';
import type { PracticeActor } from '../../auth/actor';
import { CurrentPracticeActor, Roles } from '../../auth/auth.guard';
import { isValidYearMonth } from '../../kernel/calendar';
import { badInput } from '../../kernel/domain-error';
import { BILLING_WRITERS } from '../billing-roles';
import { BillingRepository } from '../read/billing.repository';
import { claimsCsv } from './claims-csv';

/**
 * `GET /exports/claims/<YYYY-MM>.csv`: the claims submitted for the month, one row per billed line, for the
 * practice's clearinghouse. Only submitted claims are listed, copied from their ClaimSubmitted events: a line is
 * exported only once it is recorded as submitted, so the file cannot carry a claim past the duplicate-submission
 * check, and what it says never changes afterwards.
 */
@Controller('exports/claims')
export class ClaimsExportController {
  constructor(private readonly billing: BillingRepository) {}

  @Get(':month.csv')
  @Roles(...BILLING_WRITERS)
  export(@CurrentPracticeActor() actor: PracticeActor, @Param('month') month: string): PatientDataFile {
    if (!isValidYearMonth(month)) throw badInput('month', 'must be a month such as 2026-03');
    const claims = this.billing.claims(actor.practiceId, month);
    return new PatientDataFile(
      Buffer.from(claimsCsv(claims)),
      { type: 'text/csv; charset=utf-8; header=present', disposition: `attachment; filename="claims-${month}.csv"` },
      claims.map((claim) => claim.patientId),
    );
  }
}
