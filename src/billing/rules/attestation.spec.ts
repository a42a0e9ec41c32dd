/**
 * ccm-rules.md §1: "Practitioner time documented by someone else counts toward practitioner codes only once the
 * practitioner attests it" (issue #12 item 6: a nurse's 31 minutes performedBy the billing practitioner).
 */
import { attestationAfterWrite, type AttestationStatus } from './attestation';
import type { StaffCredential } from '../../practice/staff-credential';

const DR = { staffId: 'dr-a', credential: 'MD' as StaffCredential };
const NP = { staffId: 'np-c', credential: 'NP' as StaffCredential };
const RN = { staffId: 'rn-b', credential: 'RN' as StaffCredential };

const rows: { rule: string; current: AttestationStatus | null; performer: typeof DR; writtenBy: string; after: AttestationStatus }[] = [
  { rule: 'a practitioner logs their own time', current: null, performer: DR, writtenBy: 'dr-a', after: 'NOT_REQUIRED' },
  { rule: "a nurse logs the billing practitioner's time", current: null, performer: DR, writtenBy: 'rn-b', after: 'AWAITING_ATTESTATION' },
  { rule: "a nurse logs another practitioner's (NP) time", current: null, performer: NP, writtenBy: 'rn-b', after: 'AWAITING_ATTESTATION' },
  { rule: "a practitioner logs a colleague practitioner's time", current: null, performer: NP, writtenBy: 'dr-a', after: 'AWAITING_ATTESTATION' },
  {
    rule: 'staff time logged by someone else needs no attestation (it is staff time whoever documents it)',
    current: null,
    performer: RN,
    writtenBy: 'dr-a',
    after: 'NOT_REQUIRED',
  },
  { rule: 'the performer corrects an attested entry: it stays attested', current: 'ATTESTED', performer: DR, writtenBy: 'dr-a', after: 'ATTESTED' },
  {
    rule: 'the performer corrects an entry awaiting attestation: it still needs the attestation',
    current: 'AWAITING_ATTESTATION',
    performer: DR,
    writtenBy: 'dr-a',
    after: 'AWAITING_ATTESTATION',
  },
  {
    rule: 'someone else corrects an attested practitioner entry: the practitioner attested other values',
    current: 'ATTESTED',
    performer: DR,
    writtenBy: 'rn-b',
    after: 'AWAITING_ATTESTATION',
  },
  { rule: "someone else corrects the practitioner's own entry", current: 'NOT_REQUIRED', performer: DR, writtenBy: 'rn-b', after: 'AWAITING_ATTESTATION' },
  { rule: "someone else corrects a nurse's entry", current: 'NOT_REQUIRED', performer: RN, writtenBy: 'dr-a', after: 'NOT_REQUIRED' },
];

describe('practitioner time documented by someone else awaits the practitioner (ccm-rules.md §1)', () => {
  it.each(rows)('$rule → $after', ({ current, performer, writtenBy, after }) => expect(attestationAfterWrite(current, performer, writtenBy)).toBe(after));
});
