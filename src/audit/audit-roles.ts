import type { Role } from '../auth/actor';

/** Who may replay a record, verify it, travel in time, export it and read the access log. */
export const AUDIT_ROLES: Role[] = ['COMPLIANCE_OFFICER', 'ADMIN'];
