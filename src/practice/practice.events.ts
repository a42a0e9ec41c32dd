import type { DomainEvent } from '../kernel/decider';
import type { StaffCredential } from './staff-credential';

/** Stream `practice-<practiceId>`: the practice's settings and staff registry (architecture decision 3). */
export const practiceStream = (practiceId: string) => `practice-${practiceId}`;

/** How a practice provides behavioural health integration under APCM (psychiatric collaborative care or general BHI). */
export const BEHAVIOURAL_HEALTH_MODELS = ['COLLABORATIVE_CARE', 'GENERAL_BHI'] as const;
export type BehaviouralHealthModel = (typeof BEHAVIOURAL_HEALTH_MODELS)[number];

export type PracticeConfigured = DomainEvent<
  'PracticeConfigured',
  {
    practiceId: string;
    name: string;
    timeZone: string;
    npi: string | null;
    taxId: string | null;
    /**
     * CMS place-of-service code of the claims (where the billing practitioner would normally see the patient face to
     * face, e.g. 11 office); absent in events recorded before it existed (policies.ts: office).
     */
    placeOfService?: string | null;
    /** Behavioural health integration provided under APCM, if any; absent in older events (none). */
    apcmBehaviouralHealth?: BehaviouralHealthModel | null;
    /** A consent lapses this many months after it was given (not required by CMS; policies.ts); absent or null: never. */
    consentRenewalMonths?: number | null;
  }
>;

export type StaffMemberRegistered = DomainEvent<
  'StaffMemberRegistered',
  {
    practiceId: string;
    staffId: string;
    name: string;
    credential: StaffCredential;
    npi: string | null;
  }
>;

export type StaffMemberDeactivated = DomainEvent<
  'StaffMemberDeactivated',
  {
    practiceId: string;
    staffId: string;
    reason: string;
  }
>;

export type PracticeEvent = PracticeConfigured | StaffMemberRegistered | StaffMemberDeactivated;
export const PRACTICE_EVENT_TYPES: PracticeEvent['type'][] = ['PracticeConfigured', 'StaffMemberRegistered', 'StaffMemberDeactivated'];
