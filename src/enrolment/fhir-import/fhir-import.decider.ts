import type { Command, Decider } from '../../kernel/decider';
import type { FhirImportEvent, FhirImportSummary } from './fhir-import.events';

export type RecordFhirImport = Command<'RecordFhirImport', FhirImportSummary>;

/** An import is recorded once; recording it again (a retry) changes nothing. */
export const fhirImportDecider: Decider<RecordFhirImport, FhirImportEvent, { recorded: boolean }> = {
  initialState: () => ({ recorded: false }),
  evolve: (_state, event) => (event.type === 'FhirImportRecorded' ? { recorded: true } : _state),
  decide: (command, state) => (state.recorded ? [] : [{ type: 'FhirImportRecorded', data: command.data }]),
};
