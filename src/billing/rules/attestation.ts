/**
 * Who did the work and who wrote it down (ccm-rules.md §1: "Practitioner time documented by someone else counts
 * toward practitioner codes only once the practitioner attests it"; issue #12 item 6). A practitioner's time typed
 * in or corrected by anyone else waits for that practitioner's attestation, and until then no minute of it counts
 * (time-entries.ts) and the month carries UNATTESTED_TIME (warnings.ts). Staff time needs no attestation: it is
 * clinical-staff time whoever documents it.
 */
import { isPractitioner, type StaffCredential } from '../../practice/staff-credential';

export const ATTESTATION_STATUSES = ['NOT_REQUIRED', 'AWAITING_ATTESTATION', 'ATTESTED'] as const;
export type AttestationStatus = (typeof ATTESTATION_STATUSES)[number];

/**
 * The attestation an entry needs once `writtenBy` has logged (`current` null) or corrected it. The performer's own
 * writing changes nothing: an entry that awaits their attestation still needs the explicit attestation, and an
 * attested one stays attested. Anyone else's writing on a practitioner's entry asks for a new attestation, as the
 * practitioner attested other values.
 */
export function attestationAfterWrite(
  current: AttestationStatus | null,
  performer: { staffId: string; credential: StaffCredential },
  writtenBy: string,
): AttestationStatus {
  if (writtenBy !== performer.staffId && isPractitioner(performer.credential)) return 'AWAITING_ATTESTATION';
  return current ?? 'NOT_REQUIRED';
}
