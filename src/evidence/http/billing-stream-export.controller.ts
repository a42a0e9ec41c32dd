import { Controller, Get, Inject, Param } from '@nestjs/common';
import { PatientDataFile } from '../../audit/access-log/patient-data-file';
import { exportLine } from '../../audit/export/export-line';
import type { Actor } from '../../auth/actor';
import { CurrentActor, Roles } from '../../auth/auth.guard';
import { BILLING_MONTH_READERS } from '../../billing/billing-roles';
import { billingStream, type BillingMonthEvent } from '../../billing/month/billing-month.events';
import { StreamNotFound } from '../../event-store/errors';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../event-store/event-store.port';
import { isValidYearMonth } from '../../kernel/calendar';
import { badInput, forbidden } from '../../kernel/domain-error';

/** The patients an event of a billing stream names: every patient-month of a close's snapshot, the patient of a claim. */
function patientsNamedBy(event: RecordedEvent): string[] {
  const billing = { type: event.type, data: event.data } as BillingMonthEvent;
  // A close names its patient-months in its snapshot parts, or inline when it predates parts.
  if (billing.type === 'BillingMonthClosed' || billing.type === 'BillingMonthSnapshotRecorded')
    return (billing.data.patients ?? []).map((patient) => patient.patientId);
  if (billing.type === 'ClaimSubmitted') return [billing.data.patientId];
  return [];
}

/**
 * `GET /exports/billing/<YYYY-MM>.ndjson`: the practice's billing stream of the month (its close and claims) from the
 * event store, one event per line exactly as the audit export writes them, so an auditor can recompute the hash of
 * the BillingMonthClosed event an evidence packet cites. Packets do not carry that event whole: it lists every
 * patient-month of the practice, and a payer must see none but its own. Whoever reads whole billing months may
 * download it; it is in the access log under every patient it names.
 */
@Controller('exports/billing')
export class BillingStreamExportController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':month.ndjson')
  @Roles(...BILLING_MONTH_READERS)
  async export(@CurrentActor() actor: Actor, @Param('month') month: string): Promise<PatientDataFile> {
    if (!actor.practiceId) throw forbidden();
    if (!isValidYearMonth(month)) throw badInput('month', 'must be a calendar month, e.g. 2026-03');
    const events = await this.events(billingStream(actor.practiceId, month));
    return new PatientDataFile(
      Buffer.from(events.map(exportLine).join('')),
      { type: 'application/x-ndjson', disposition: `attachment; filename="billing-${month}.ndjson"` },
      [...new Set(events.flatMap(patientsNamedBy))],
    );
  }

  private async events(stream: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(stream);
    } catch (error) {
      if (error instanceof StreamNotFound) return [];
      throw error;
    }
  }
}
