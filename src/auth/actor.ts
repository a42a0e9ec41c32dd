export const ROLES = ['ADMIN', 'CARE_MANAGER', 'PRACTITIONER', 'BILLING', 'COMPLIANCE_OFFICER', 'PAYER'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act inside a practice (every role but PAYER). */
export const PRACTICE_ROLES: Role[] = ['ADMIN', 'CARE_MANAGER', 'PRACTITIONER', 'BILLING', 'COMPLIANCE_OFFICER'];

/** The authenticated caller, from the bearer token's claims. */
export interface Actor {
  id: string;
  roles: Role[];
  /** The practice (tenant) the user acts for; absent only for PAYER tokens. */
  practiceId?: string;
  /** For PAYER tokens: the payer the user works for. */
  payerId?: string;
}

export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean => actor.roles.some((role) => roles.includes(role));

/** A caller acting inside a practice: its practice is part of its type, so no call site has to assume it. */
export interface PracticeActor extends Actor {
  practiceId: string;
}

export const isPracticeActor = (actor: Actor): actor is PracticeActor => typeof actor.practiceId === 'string' && actor.practiceId !== '';
