import type { RecordedEvent } from '../../event-store/event-store.port';
import { timeEntryFlags } from './time-entry-flags';

const DAY = 86_400_000;
const MINUTE = 60_000;
const startedAt = Date.parse('2026-03-10T14:00:00Z');

const recorded = (data: RecordedEvent['data'], recordedAtMs: number, occurredAtMs = startedAt): RecordedEvent => ({
  streamId: 'patient-x',
  revision: 3n,
  position: 10n,
  id: 'e',
  type: 'CallLogged',
  // A time entry always names its performer (the activity it starts says who documented it for whom).
  data: { performer: { staffId: 'rn-b', name: 'Bea Brown RN', credential: 'RN', npi: null }, ...data },
  metadata: { occurredAt: new Date(occurredAtMs).toISOString() },
  recordedAt: new Date(recordedAtMs),
});

describe('time-entry flags of the audit trail (ccm-rules §2 LATE_ENTRY, measured from the end of the activity)', () => {
  const ended = startedAt + 20 * MINUTE;
  it.each([
    { case: 'recorded right after the call', recordedAt: ended, late: false },
    { case: 'exactly 7 days after the call ended', recordedAt: ended + 7 * DAY, late: false },
    { case: '7 days and a millisecond after it ended', recordedAt: ended + 7 * DAY + 1, late: true },
    { case: 'more than 7 days after it started but not after it ended', recordedAt: startedAt + 7 * DAY + 10 * MINUTE, late: false },
  ])('$case → lateEntry $late', ({ recordedAt, late }) => {
    expect(timeEntryFlags(recorded({ minutes: 20, source: 'LIVE_TIMER' }, recordedAt))).toEqual({ lateEntry: late, manualEntry: false });
  });

  it('marks minutes typed in by hand', () => {
    expect(timeEntryFlags(recorded({ minutes: 20, source: 'MANUAL_ENTRY' }, ended))).toEqual({ lateEntry: false, manualEntry: true });
  });

  it("labels a reconciliation's typed-in minutes as the activity and the packet do (issue #12 item 3: one provenance)", () => {
    const reconciled = (minutes: number | null): RecordedEvent => ({
      ...recorded({ reconciliationId: 'r', reconciledAt: '2026-03-10T14:00:00.000Z', medications: [], discrepancies: [], minutes, month: '2026-03' }, ended),
      type: 'MedicationReconciled',
    });
    expect(timeEntryFlags(reconciled(15))).toEqual({ lateEntry: false, manualEntry: true });
    expect(timeEntryFlags(reconciled(null)).manualEntry).toBe(false);
  });

  it('events without minutes are not time entries, however late they are recorded', () => {
    expect(timeEntryFlags(recorded({ icd10: 'E11.9' }, startedAt + 30 * DAY))).toEqual({ lateEntry: false, manualEntry: false });
    // A correction that leaves the minutes unchanged carries minutes: null.
    expect(timeEntryFlags(recorded({ minutes: null, summary: 'fixed' }, startedAt + 30 * DAY))).toEqual({ lateEntry: false, manualEntry: false });
  });
});
