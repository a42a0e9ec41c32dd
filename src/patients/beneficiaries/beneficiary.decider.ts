import type { Command, Decider } from '../../kernel/decider';
import { preconditionFailed } from '../../kernel/domain-error';
import type { BeneficiaryEvent } from './beneficiary.events';

/** MBI → id of the patient record holding it, and the reverse (a record holds one MBI at a time). */
export type BeneficiaryRegistry = { holderOf: Record<string, string>; medicareIdOf: Record<string, string> };

/**
 * `enrolledAs`: the record the patients read model shows for this MBI, for beneficiaries enrolled before the
 * registry existed (their MBIs were never reserved). Loaded state beside the data, like a patient command's
 * practice context, so a retry hashes the same.
 */
export type ReserveBeneficiary = Command<'ReserveBeneficiary', { practiceId: string; medicareId: string; patientId: string }> & {
  enrolledAs: string | null;
};

function evolveRegistry(registry: BeneficiaryRegistry, event: BeneficiaryEvent): BeneficiaryRegistry {
  const { medicareId, patientId } = event.data;
  if (event.type === 'BeneficiaryReserved')
    return { holderOf: { ...registry.holderOf, [medicareId]: patientId }, medicareIdOf: { ...registry.medicareIdOf, [patientId]: medicareId } };
  const { [medicareId]: _released, ...holderOf } = registry.holderOf;
  const { [patientId]: _held, ...medicareIdOf } = registry.medicareIdOf;
  return { holderOf, medicareIdOf };
}

/**
 * One beneficiary, one record per practice: two patient-months for one beneficiary is the OIG's duplicate-billing
 * pattern (ccm-rules: one practitioner bills CCM per beneficiary per month). The refusal names the existing
 * record, which only the practice's own callers can reach (the registry is per practice). A record whose MBI
 * changes (corrected by hand or by the EHR) releases the one it held, which another record may then take.
 */
export const beneficiaryDecider: Decider<ReserveBeneficiary, BeneficiaryEvent, BeneficiaryRegistry> = {
  initialState: () => ({ holderOf: {}, medicareIdOf: {} }),
  evolve: evolveRegistry,
  decide(command, registry) {
    const { practiceId, medicareId, patientId } = command.data;
    const holder = registry.holderOf[medicareId] ?? command.enrolledAs;
    if (holder === patientId) return [];
    if (holder) {
      throw preconditionFailed('BENEFICIARY_ALREADY_ENROLLED', `medicareId: this beneficiary is already enrolled in this practice as patient ${holder}`);
    }
    const previous = registry.medicareIdOf[patientId];
    return [
      ...(previous ? [{ type: 'BeneficiaryReleased' as const, data: { practiceId, medicareId: previous, patientId } }] : []),
      { type: 'BeneficiaryReserved', data: { practiceId, medicareId, patientId } },
    ];
  },
};
