import type { Actor } from '../../auth/actor';
import { DomainError } from '../../kernel/domain-error';
import { evidenceScope, NOT_SUBMITTED_TO_PAYER } from './evidence-access';
import type { Submission } from './submission-index';

const submission: Submission = {
  patientId: 'pat-1',
  month: '2026-03',
  practiceId: 'p1',
  payerId: 'payer-1',
  stream: 'billing-p1-2026-03',
  revision: 3n,
  eventId: 'e1',
};
const payer = (payerId: string): Actor => ({ id: 'reviewer', roles: ['PAYER'], payerId });
const staff = (role: Actor['roles'][number], practiceId = 'p1'): Actor => ({ id: 'u', roles: [role], practiceId });

function refusal(run: () => unknown): { code: string; message: string } | 'allowed' {
  try {
    run();
    return 'allowed';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('who may read the evidence of a patient-month', () => {
  it('a payer reads exactly the patient-months submitted to it, in the submitting practice', () => {
    expect(evidenceScope(payer('payer-1'), submission)).toEqual({ practiceId: 'p1', submission });
  });

  it("a payer is refused alike for another payer's claim, a month not submitted and a patient no one knows", () => {
    const answers = [refusal(() => evidenceScope(payer('payer-2'), submission)), refusal(() => evidenceScope(payer('payer-1'), null))];
    expect(answers).toEqual([
      { code: 'FORBIDDEN', message: NOT_SUBMITTED_TO_PAYER },
      { code: 'FORBIDDEN', message: NOT_SUBMITTED_TO_PAYER },
    ]);
  });

  it.each(['BILLING', 'COMPLIANCE_OFFICER', 'ADMIN'] as const)('%s reads within its own practice, submitted or not', (role) => {
    expect(evidenceScope(staff(role), submission)).toEqual({ practiceId: 'p1', submission });
    expect(evidenceScope(staff(role), null)).toEqual({ practiceId: 'p1', submission: null });
  });

  it("another practice's staff get their own practice as scope and never the other practice's claim (the record read then answers NOT_FOUND)", () => {
    expect(evidenceScope(staff('BILLING', 'p2'), submission)).toEqual({ practiceId: 'p2', submission: null });
  });

  it.each(['CARE_MANAGER', 'PRACTITIONER'] as const)('%s is FORBIDDEN: the packet is a billing document', (role) => {
    expect(refusal(() => evidenceScope(staff(role), submission))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
