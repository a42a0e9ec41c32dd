import type { DomainEvent } from '../kernel/decider';
import type { StaffCredential } from './staff-credential';

/** Stream `practice-<practiceId>`: the practice's settings and staff registry (architecture decision 3). */
export const practiceStream = (practiceId: string) => `practice-${practiceId}`;

export type PracticeConfigured = DomainEvent<'PracticeConfigured', {
  practiceId: string;
  name: string;
  timeZone: string;
  npi: string | null;
  taxId: string | null;
}>;

export type StaffMemberRegistered = DomainEvent<'StaffMemberRegistered', {
  practiceId: string;
  staffId: string;
  name: string;
  credential: StaffCredential;
  npi: string | null;
}>;

export type StaffMemberDeactivated = DomainEvent<'StaffMemberDeactivated', {
  practiceId: string;
  staffId: string;
  reason: string;
}>;

export type PracticeEvent = PracticeConfigured | StaffMemberRegistered | StaffMemberDeactivated;
export const PRACTICE_EVENT_TYPES: PracticeEvent['type'][] = ['PracticeConfigured', 'StaffMemberRegistered', 'StaffMemberDeactivated'];
