import { billingLineView, type PatientBillingMonthView } from '../../billing/read/billing-views';
import type { ClaimSubmitted } from '../../billing/month/billing-month.events';
import { ruleSet } from '../../billing/rules';
import type { RecordedEvent } from '../../event-store/event-store.port';
import type { BillingEvidence, ClaimEvidence } from './evidence-packet';

/**
 * The track of the billed lines. The rules engine lists the tracks it did not bill as alternatives; the billed one is
 * the time track whose base code opens the lines (or APCM, which has no time track).
 */
function billedTrack(view: PatientBillingMonthView): string | null {
  const base = view.lines[0]?.cptCode;
  if (base === undefined) return null;
  if (view.program === 'APCM') return 'APCM';
  return ruleSet(view.ruleYear).timeTracks[view.program].find((track) => track.baseCode === base)?.track ?? null;
}

/** The rules engine's evaluation of the patient-month, as billing answers patientBillingMonth. */
export function billingEvidence(view: PatientBillingMonthView): BillingEvidence {
  return {
    ruleYear: view.ruleYear,
    program: view.program,
    status: view.status,
    closedAt: view.closedAt,
    track: billedTrack(view),
    clinicalStaffMinutes: view.clinicalStaffMinutes,
    practitionerMinutes: view.practitionerMinutes,
    complex: view.complex,
    lines: view.lines,
    expectedPaymentCents: view.expectedPaymentCents,
    patientCoinsuranceCents: view.patientCoinsuranceCents,
    amountUnknown: view.amountUnknown,
    claimReady: view.claimReady,
    blockers: [...view.blockers],
    warnings: [...view.warnings],
    minutesToNextCode: view.minutesToNextCode,
    alternatives: view.alternatives.map(({ track, lines, expectedPaymentCents, amountUnknown }) => ({ track, lines, expectedPaymentCents, amountUnknown })),
    notes: view.notes,
    excludedTimeEntries: view.excludedTimeEntries,
  };
}

/** The claim exactly as its ClaimSubmitted event recorded it (the event is read from the log, not a read model). */
export function claimEvidence(recorded: RecordedEvent): ClaimEvidence {
  const claim = recorded.data as ClaimSubmitted['data'];
  return {
    payerId: claim.payerId,
    submittedAt: recorded.recordedAt.toISOString(),
    dateOfService: claim.dateOfService,
    basis: claim.basis,
    lines: claim.lines.map(billingLineView),
    expectedPaymentCents: claim.expectedPaymentCents,
    patientCoinsuranceCents: claim.patientCoinsuranceCents,
    diagnoses: claim.diagnoses,
    renderingNpi: claim.renderingNpi,
    billingNpi: claim.billingNpi,
    medicareId: claim.medicareId,
    taxId: claim.taxId,
    eventId: recorded.id,
  };
}
