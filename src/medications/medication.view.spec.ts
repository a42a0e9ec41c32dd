import { STAFF, snapshot } from '../../test/support/care-record-events';
import type { MedicationEntry } from './medication.events';
import type { MedicationReconciliationState } from './medication.state';
import { currentMedications } from './medication.view';

const entry = (name: string, dose: string | null = null): MedicationEntry => ({ name, dose, frequency: null, prescriber: null, source: null });
const reconciliation = (reconciledAt: string, medications: MedicationEntry[]): MedicationReconciliationState => ({
  reconciliationId: reconciledAt,
  performer: snapshot(STAFF.rnB),
  reconciledAt,
  medications,
  discrepancies: [],
  minutes: null,
  month: reconciledAt.slice(0, 7),
});

describe('current medications', () => {
  it('are none before any reconciliation', () => expect(currentMedications([])).toEqual([]));

  it('are the latest list, with what it dropped shown inactive once (matched by name, ignoring case)', () => {
    const medications = currentMedications([
      reconciliation('2026-01-10T10:00:00.000Z', [entry('Metformin', '500 mg'), entry('Atorvastatin'), entry('Aspirin')]),
      reconciliation('2026-02-10T10:00:00.000Z', [entry('metformin', '1000 mg'), entry('Aspirin')]),
      reconciliation('2026-03-10T10:00:00.000Z', [entry('Metformin', '1000 mg')]),
    ]);
    expect(medications).toEqual([
      { ...entry('Metformin', '1000 mg'), active: true },
      { ...entry('Aspirin'), active: false },
      { ...entry('Atorvastatin'), active: false },
    ]);
  });

  it('follow when the reconciliation was done, not when it was typed in (a late entry does not override a newer one)', () => {
    const medications = currentMedications([
      reconciliation('2026-03-10T10:00:00.000Z', [entry('Lisinopril', '20 mg')]),
      reconciliation('2026-02-01T10:00:00.000Z', [entry('Lisinopril', '10 mg')]),
    ]);
    expect(medications).toEqual([{ ...entry('Lisinopril', '20 mg'), active: true }]);
  });
});
