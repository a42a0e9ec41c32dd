import type { DomainEvent } from '../../kernel/decider';

/**
 * Stream `beneficiaries-<practiceId>`: which patient record holds each Medicare Beneficiary Identifier in the
 * practice. One stream per practice, so appending with the revision read makes "one beneficiary, one record"
 * hold under concurrency (also across API instances); the MBI is in the event data, never in a stream name.
 */
export const beneficiaryStream = (practiceId: string) => `beneficiaries-${practiceId}`;

/** The MBI is taken by this patient record of the practice, reserved just before its PatientEnrolled. */
export type BeneficiaryReserved = DomainEvent<
  'BeneficiaryReserved',
  {
    practiceId: string;
    medicareId: string;
    patientId: string;
  }
>;

/** The record no longer holds the MBI: its MBI was changed to another one (reserved right after, same command). */
export type BeneficiaryReleased = DomainEvent<'BeneficiaryReleased', { practiceId: string; medicareId: string; patientId: string }>;

export type BeneficiaryEvent = BeneficiaryReserved | BeneficiaryReleased;
