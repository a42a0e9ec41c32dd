import type { Role } from '../../auth/actor';

/** Who reads the program's figures (they name no patient): the practice's management, billing and compliance. */
export const PROGRAM_METRICS_READERS: Role[] = ['ADMIN', 'BILLING', 'COMPLIANCE_OFFICER'];
