import { enrolled, PATIENT_ID, PRACTICE_ID } from '../../test/support/care-record-events';
import { testMetadata } from '../../test/support/decider-specification';
import { fold, type Decider } from '../kernel/decider';
import { COMMAND_TABLE, type CommandType } from './command-table';

/** What a decider answers for a command type it has no branch for (each decider's `default`). */
const UNKNOWN_COMMAND = /^Unknown [a-z ]+ command$/;

describe('the command table', () => {
  // The types are checked at compile time; this checks at run time that each row reaches a decider that handles it,
  // so a row pointing at the wrong decider fails here even if someone silences the compiler. Patient deciders first
  // check that the patient is enrolled, so they are given an enrolled patient to get as far as the command's type.
  it.each(Object.keys(COMMAND_TABLE) as CommandType[])('routes %s to a decider that recognises it', (type) => {
    const route = COMMAND_TABLE[type];
    const decider = route.decider as unknown as Decider<never, never, never>;
    const state = 'validTime' in route ? fold(decider, [enrolled() as never]) : decider.initialState();
    let answer: unknown;
    try {
      answer = decider.decide({ type, data: { patientId: PATIENT_ID, practiceId: PRACTICE_ID }, metadata: testMetadata() } as never, state);
    } catch (error) {
      answer = error;
    }
    expect(answer instanceof Error ? answer.message : 'decided').not.toMatch(UNKNOWN_COMMAND);
  });
});
