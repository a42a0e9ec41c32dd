import type { Command, Decider } from '../../kernel/decider';
import { lastDayOfMonth, monthBounds } from '../../kernel/calendar';
import { DomainError, preconditionFailed } from '../../kernel/domain-error';
import type {
  BillingMonthClosed,
  BillingMonthEvent,
  BillingMonthSnapshotRecorded,
  BillingMonthTotals,
  ClaimParties,
  ClaimPatient,
  ClaimSubmitted,
  PatientMonthFigures,
} from './billing-month.events';
import { CLAIM_PLACE_OF_SERVICE_DEFAULT } from '../rules/policies';
import { claimBasis } from './claim-basis';
import { closedSnapshot, snapshotParts } from './close-snapshot';

/**
 * Commands carry the caller's input in `data` (hashed for idempotency: a retry with the same commandId must hash the
 * same) and, in `observed`, what the handler read from the read models just before deciding. Read-model figures
 * change as care is documented, so they must stay out of the idempotency hash.
 */
/** The caller's explicit acknowledgement that the month is evaluated on provisional rules; present only when given. */
type Acknowledgement = { acknowledgeProvisionalRules?: true };

export interface CloseBillingMonth extends Command<'CloseBillingMonth', { practiceId: string; month: string } & Acknowledgement> {
  observed: { timeZone: string; ruleYear: number; patients: PatientMonthFigures[]; provisionalRules: boolean };
}

export interface SubmitClaim extends Command<
  'SubmitClaim',
  { practiceId: string; patientId: string; month: string; payerId: string; placeOfService?: string } & Acknowledgement
> {
  observed: {
    /** The month's service year has no published rules in CareLedger (rule-sets/index.ts). */
    provisionalRules: boolean;
    /** The patient-month as evaluated now (after any amendment), or null when the patient has no such month. */
    current: PatientMonthFigures | null;
    /** The payer recorded on the patient's enrollment, if any. */
    patientPayerId: string | null;
    /** The practice's place-of-service setting; null when not set. */
    practicePlaceOfService: string | null;
    /** The patient as the claim names them; null in facts stored before claims carried it. */
    claimant: ClaimPatient | null;
    parties: { [Field in keyof ClaimParties]: ClaimParties[Field] | null };
  };
}

export type BillingMonthCommand = CloseBillingMonth | SubmitClaim;

export interface BillingMonthState {
  /** The snapshot by patient, once closed. */
  closed: ReadonlyMap<string, PatientMonthFigures> | null;
  /** Snapshot parts read so far that the close after them has not yet claimed. */
  snapshotParts: readonly BillingMonthSnapshotRecorded['data'][];
  submittedPatients: ReadonlySet<string>;
}

export function totalsOf(patients: readonly PatientMonthFigures[]): BillingMonthTotals {
  const ready = patients.filter((patient) => patient.claimReady);
  return {
    patientCount: patients.length,
    claimReadyCount: ready.length,
    totalExpectedPaymentCents: ready.reduce((sum, patient) => sum + patient.expectedPaymentCents, 0),
    amountUnknown: ready.some((patient) => patient.amountUnknown),
  };
}

function decideClose(command: CloseBillingMonth, state: BillingMonthState): (BillingMonthSnapshotRecorded | BillingMonthClosed)[] {
  const { practiceId, month } = command.data;
  if (state.closed) throw preconditionFailed('MONTH_ALREADY_CLOSED', `Billing month ${month} is already closed`);
  const { timeZone, ruleYear, patients } = command.observed;
  const provisional = requireAcknowledgement(command, ruleYear);
  // Minutes can still be documented for a month that has not ended where the practice is.
  if (monthBounds(month, timeZone).end.getTime() > command.metadata.now.getTime()) {
    throw preconditionFailed('MONTH_NOT_ENDED', `Billing month ${month} has not ended yet in ${timeZone}`);
  }
  // Parts first: the close, appended with them in one write, then names a snapshot that is already there.
  const parts = snapshotParts(patients).map((partPatients, part): BillingMonthSnapshotRecorded => ({
    type: 'BillingMonthSnapshotRecorded',
    data: { practiceId, month, part, patients: partPatients },
  }));
  return [
    ...parts,
    { type: 'BillingMonthClosed', data: { practiceId, month, timeZone, ruleYear, totals: totalsOf(patients), snapshotParts: parts.length, ...provisional } },
  ];
}

/**
 * A month evaluated on provisional rules (a service year without published rules in CareLedger) is closed or
 * claimed only with an explicit acknowledgement; the event then says so.
 */
function requireAcknowledgement(command: CloseBillingMonth | SubmitClaim, ruleYear: number): { provisionalRules?: true } {
  if (!command.observed.provisionalRules) return {};
  if (!command.data.acknowledgeProvisionalRules) {
    throw preconditionFailed(
      'PROVISIONAL_RULES_NOT_ACKNOWLEDGED',
      `Service year ${ruleYear} is evaluated on provisional rules (CareLedger has none published for it yet); set acknowledgeProvisionalRules to go ahead`,
    );
  }
  return { provisionalRules: true };
}

function requireParties(parties: SubmitClaim['observed']['parties']): ClaimParties {
  const missing = (Object.keys(parties) as (keyof ClaimParties)[]).filter(
    (field) => parties[field] === null || (Array.isArray(parties[field]) && parties[field].length === 0),
  );
  if (missing.length > 0) throw preconditionFailed('CLAIM_DATA_MISSING', `A claim needs ${missing.join(', ')}; record them first`);
  return parties as ClaimParties;
}

function decideSubmit(command: SubmitClaim, state: BillingMonthState): ClaimSubmitted[] {
  const { practiceId, patientId, month, payerId } = command.data;
  if (!state.closed) throw preconditionFailed('MONTH_NOT_CLOSED', `Close billing month ${month} before submitting its claims`);
  // The duplicate billing OIG found: one claim per patient-month, whatever the payer.
  if (state.submittedPatients.has(patientId)) {
    throw preconditionFailed('CLAIM_ALREADY_SUBMITTED', `A claim for this patient and ${month} was already submitted`);
  }
  const closed = state.closed.get(patientId);
  if (!closed) throw preconditionFailed('NOT_IN_CLOSED_MONTH', `The patient was not part of billing month ${month} when it was closed`);
  const { current, patientPayerId } = command.observed;
  if (patientPayerId !== null && patientPayerId !== payerId) {
    // The payer receives the evidence packet: sending it to the wrong one discloses PHI.
    throw preconditionFailed('PAYER_MISMATCH', 'payerId does not match the payer recorded for the patient');
  }
  if (!current) throw preconditionFailed('NOT_CLAIM_READY', `The patient has no evaluation for ${month}`);
  const { basis, figures } = claimBasis(closed, current);
  const provisional = requireAcknowledgement(command, Number(month.slice(0, 4)));
  const parties = requireParties(command.observed.parties);
  const { claimant } = command.observed;
  if (!claimant)
    throw preconditionFailed(
      'CLAIM_DATA_MISSING',
      "A claim needs the patient's name and date of birth, which billing facts stored before claims named the patient lack; rebuild the projections",
    );
  const placeOfService = command.data.placeOfService ?? command.observed.practicePlaceOfService ?? CLAIM_PLACE_OF_SERVICE_DEFAULT;
  return [
    {
      type: 'ClaimSubmitted',
      data: {
        practiceId,
        month,
        patientId,
        payerId,
        dateOfService: lastDayOfMonth(month),
        basis,
        lines: figures.lines,
        expectedPaymentCents: figures.expectedPaymentCents,
        patientCoinsuranceCents: figures.patientCoinsuranceCents,
        amountUnknown: figures.amountUnknown,
        ...parties,
        placeOfService,
        patient: claimant,
        ...provisional,
      },
    },
  ];
}

/** Close and submission of one practice's billing month (stream `billing-<practiceId>-<YYYY-MM>`). */
export const billingMonthDecider: Decider<BillingMonthCommand, BillingMonthEvent, BillingMonthState> = {
  initialState: () => ({ closed: null, snapshotParts: [], submittedPatients: new Set() }),

  decide(command, state) {
    switch (command.type) {
      case 'CloseBillingMonth':
        return decideClose(command, state);
      case 'SubmitClaim':
        return decideSubmit(command, state);
      default:
        throw new DomainError('BAD_USER_INPUT', 'Unknown billing command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'BillingMonthSnapshotRecorded':
        return { ...state, snapshotParts: [...state.snapshotParts, event.data] };
      case 'BillingMonthClosed': {
        const patients = closedSnapshot(event.data, state.snapshotParts);
        return { ...state, closed: new Map(patients.map((patient) => [patient.patientId, patient])), snapshotParts: [] };
      }
      case 'ClaimSubmitted':
        return { ...state, submittedPatients: new Set(state.submittedPatients).add(event.data.patientId) };
      default:
        return state;
    }
  },
};
