import { Injectable } from '@nestjs/common';
import { ReadYourWrites } from '../../projections/projections.module';
import { figuresOf } from '../evaluation/figures';
import { billingPractitionerIn } from '../facts/billing-patient';
import { claimDiagnoses } from '../facts/patient-month-facts';
import type { CloseBillingMonth, SubmitClaim } from '../month/billing-month.decider';
import { BillingRepository } from '../read/billing.repository';
import { ruleSet } from '../rules';
import type { CloseBillingMonthInput, SubmitClaimInput } from './billing.inputs';

const STILL_CATCHING_UP = 'The billing figures are still catching up with the latest entries; retry in a moment';

/** Only a given acknowledgement enters the command's data, so earlier commands keep their idempotency hash. */
const acknowledged = (given: boolean | null | undefined) => (given ? { acknowledgeProvisionalRules: true as const } : {});

/**
 * Close and submit decide on what the billing read model shows: these build each command, its `data` from the
 * caller's input and its `observed` figures from the read model once it has caught up with the log, so the
 * snapshot includes every entry written before the command arrived.
 */
@Injectable()
export class BillingCommandBuilder {
  constructor(
    private readonly billing: BillingRepository,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async closeBillingMonth(
    practiceId: string,
    { month, acknowledgeProvisionalRules }: CloseBillingMonthInput,
  ): Promise<Pick<CloseBillingMonth, 'data' | 'observed'>> {
    await this.readYourWrites.requireLogHead(STILL_CATCHING_UP);
    const practice = this.billing.practice(practiceId);
    const ruleYear = this.billing.ruleYearFor(month);
    const patients = this.billing.monthRows(practice, month, ruleYear).map((row) => figuresOf(row.patientId, row.result));
    return {
      data: { practiceId, month, ...acknowledged(acknowledgeProvisionalRules) },
      observed: { timeZone: practice.timeZone, ruleYear, patients, provisionalRules: this.billing.provisional(ruleYear) },
    };
  }

  async submitClaim(practiceId: string, input: SubmitClaimInput): Promise<Pick<SubmitClaim, 'data' | 'observed'>> {
    const { month, payerId, acknowledgeProvisionalRules, placeOfService } = input;
    await this.readYourWrites.requireLogHead(STILL_CATCHING_UP);
    const practice = this.billing.practice(practiceId);
    const patient = this.billing.patient(practiceId, input.patientId);
    const ruleYear = this.billing.ruleYearFor(month);
    const row = this.billing.patientRow(practice, patient, month, ruleYear);
    const practitioner = billingPractitionerIn(patient, month);
    return {
      // A place of service enters the data only when given, so earlier commands keep their idempotency hash.
      data: {
        practiceId,
        patientId: patient.patientId,
        month,
        payerId,
        ...acknowledged(acknowledgeProvisionalRules),
        ...(placeOfService ? { placeOfService } : {}),
      },
      observed: {
        provisionalRules: this.billing.provisional(ruleYear),
        current: figuresOf(patient.patientId, row.result),
        patientPayerId: patient.payerId,
        practicePlaceOfService: practice.placeOfService,
        claimant: patient.claimant ?? null,
        parties: {
          medicareId: patient.medicareId,
          diagnoses: claimDiagnoses(patient, month, ruleSet(ruleYear)),
          renderingNpi: practitioner.npi,
          // A practice without a group NPI bills under the practitioner's own.
          billingNpi: practice.npi ?? practitioner.npi,
          taxId: practice.taxId,
        },
      },
    };
  }
}
