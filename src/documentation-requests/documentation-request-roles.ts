import type { Role } from '../auth/actor';
import { EVIDENCE_PRACTICE_READERS, EVIDENCE_READERS } from '../evidence/evidence-roles';

/**
 * Who may do what with documentation requests (they are about claims and answered with evidence packets, so the
 * evidence rules apply): BILLING, COMPLIANCE_OFFICER and ADMIN record, read and answer their practice's; a PAYER
 * opens and reads only its own, about claims submitted to it; care staff do neither.
 */
export const DOCUMENTATION_REQUEST_READERS: Role[] = EVIDENCE_READERS;
export const DOCUMENTATION_REQUEST_ANSWERERS: Role[] = EVIDENCE_PRACTICE_READERS;
