import type { Command, Decider } from '../../kernel/decider';
import { preconditionFailed } from '../../kernel/domain-error';
import type { BeneficiaryEvent } from './beneficiary.events';

/** MBI → id of the patient record holding it. */
export type BeneficiaryRegistry = Record<string, string>;

/**
 * `enrolledAs`: the record the patients read model shows for this MBI, for beneficiaries enrolled before the
 * registry existed (their MBIs were never reserved). Loaded state beside the data, like a patient command's
 * practice context, so a retry hashes the same.
 */
export type ReserveBeneficiary = Command<'ReserveBeneficiary', { practiceId: string; medicareId: string; patientId: string }> & {
  enrolledAs: string | null;
};

/**
 * One beneficiary, one record per practice: two patient-months for one beneficiary is the OIG's duplicate-billing
 * pattern (ccm-rules: one practitioner bills CCM per beneficiary per month). The refusal names the existing
 * record, which only the practice's own callers can reach (the registry is per practice).
 */
export const beneficiaryDecider: Decider<ReserveBeneficiary, BeneficiaryEvent, BeneficiaryRegistry> = {
  initialState: () => ({}),
  evolve: (registry, event) => (event.type === 'BeneficiaryReserved' ? { ...registry, [event.data.medicareId]: event.data.patientId } : registry),
  decide(command, registry) {
    const { practiceId, medicareId, patientId } = command.data;
    const holder = registry[medicareId] ?? command.enrolledAs;
    if (holder === patientId) return [];
    if (holder) {
      throw preconditionFailed('BENEFICIARY_ALREADY_ENROLLED', `medicareId: this beneficiary is already enrolled in this practice as patient ${holder}`);
    }
    return [{ type: 'BeneficiaryReserved', data: { practiceId, medicareId, patientId } }];
  },
};
