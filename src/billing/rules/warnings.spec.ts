/**
 * Warnings of ccm-rules.md §2 ("never block, always shown to auditors"): LATE_ENTRY, MANUAL_TIME,
 * AMENDED_AFTER_CLOSE.
 */
import { drA, evaluate, staff, type FactsSpec } from '../../../test/support/billing-rule-facts';
import type { Warning } from './types';

// Entries start 2025-05-14T14:00Z; a 25-minute one ends 14:25Z.
const END = Date.parse('2025-05-14T14:25:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const closed = (closedAt: string, otherFactsAmendedAfterClose = false) => ({ monthClose: { closedAt, otherFactsAmendedAfterClose } });

const LATE = 'LATE_ENTRY (§2: recorded > 7 days after, or after close)';
const MANUAL = 'MANUAL_TIME (§2: manual share above half)';
const AMENDED = 'AMENDED_AFTER_CLOSE (§2)';

const rows: { rule: string; spec: FactsSpec; warnings: Warning[] }[] = [
  { rule: 'live timer, recorded at once: no warning', spec: { entries: [staff(25)] }, warnings: [] },
  { rule: `${LATE}: exactly 7 days after the call ended`, spec: { entries: [staff(25, { recordedAt: iso(END + 7 * DAY) })] }, warnings: [] },
  { rule: `${LATE}: 7 days and a minute after`, spec: { entries: [staff(25, { recordedAt: iso(END + 7 * DAY + 60_000) })] }, warnings: ['LATE_ENTRY'] },
  {
    rule: `${LATE}: a day late but after the month was closed`,
    spec: { ...closed('2025-05-15T00:00:00Z'), entries: [staff(25, { recordedAt: iso(END + DAY) })] },
    warnings: ['LATE_ENTRY'],
  },
  {
    rule: `${LATE}: recorded before the close`,
    spec: { ...closed('2025-06-02T00:00:00Z'), entries: [staff(25, { recordedAt: iso(END + DAY) })] },
    warnings: [],
  },
  {
    rule: `${LATE}: a late entry that does not count (voided) raises no LATE_ENTRY`,
    spec: { entries: [staff(25), staff(10, { voided: true, recordedAt: iso(END + 30 * DAY) })] },
    warnings: [],
  },
  { rule: `${MANUAL}: all manual`, spec: { entries: [staff(25, { source: 'MANUAL_ENTRY' })] }, warnings: ['MANUAL_TIME'] },
  { rule: `${MANUAL}: exactly half`, spec: { entries: [staff(10, { source: 'MANUAL_ENTRY' }), staff(10)] }, warnings: [] },
  { rule: `${MANUAL}: 11 of 20`, spec: { entries: [staff(11, { source: 'MANUAL_ENTRY' }), staff(9)] }, warnings: ['MANUAL_TIME'] },
  {
    rule: `${MANUAL}: uncounted manual minutes are not in the share`,
    spec: { entries: [staff(30, { source: 'MANUAL_ENTRY', performerCredential: 'NON_CLINICAL' }), staff(25)] },
    warnings: [],
  },
  {
    rule: `${AMENDED}: corrected after close`,
    spec: { ...closed('2025-06-02T00:00:00Z'), entries: [staff(25, { amendedAt: '2025-06-03T12:00:00Z' })] },
    warnings: ['AMENDED_AFTER_CLOSE'],
  },
  {
    rule: `${AMENDED}: corrected before close`,
    spec: { ...closed('2025-06-02T00:00:00Z'), entries: [staff(25, { amendedAt: '2025-05-20T12:00:00Z' })] },
    warnings: [],
  },
  {
    rule: `${AMENDED}: voided after close`,
    spec: { ...closed('2025-06-02T00:00:00Z'), entries: [staff(25), staff(10, { voided: true, amendedAt: '2025-06-03T12:00:00Z' })] },
    warnings: ['AMENDED_AFTER_CLOSE'],
  },
  {
    rule: `${AMENDED}: another fact (care plan, consent...) recorded after close`,
    spec: { ...closed('2025-06-02T00:00:00Z', true), entries: [staff(25)] },
    warnings: ['AMENDED_AFTER_CLOSE'],
  },
  {
    rule: `${AMENDED}: an open month is never amended after close`,
    spec: { entries: [staff(25, { amendedAt: '2025-06-03T12:00:00Z' })] },
    warnings: [],
  },
  {
    rule: "UNATTESTED_TIME (§1: practitioner time documented by someone else counts once attested): staff time counts, the practitioner's waits",
    spec: { entries: [staff(25), drA(31, { attestation: 'AWAITING_ATTESTATION' })] },
    warnings: ['UNATTESTED_TIME'],
  },
  { rule: 'UNATTESTED_TIME: attested, no warning', spec: { entries: [staff(25), drA(31, { attestation: 'ATTESTED' })] }, warnings: [] },
  {
    rule: 'UNATTESTED_TIME: a voided unattested entry waits for nothing',
    spec: { entries: [staff(25), drA(31, { attestation: 'AWAITING_ATTESTATION', voided: true })] },
    warnings: [],
  },
  {
    rule: 'all three, in the fixed order',
    spec: {
      ...closed('2025-06-02T00:00:00Z', true),
      entries: [staff(25, { source: 'MANUAL_ENTRY', recordedAt: '2025-06-05T12:00:00Z' })],
    },
    warnings: ['LATE_ENTRY', 'MANUAL_TIME', 'AMENDED_AFTER_CLOSE'],
  },
];

describe('warnings (ccm-rules.md §2)', () => {
  it.each(rows)('$rule → $warnings', ({ spec, warnings }) => {
    const result = evaluate(spec);
    expect(result.warnings).toEqual(warnings);
    // Warnings never block.
    expect(result.claimReady).toBe(true);
  });
});
