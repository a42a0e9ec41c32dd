/**
 * nextCode (ccm-rules.md §1: thresholds and add-on increments): evaluating only the minutes where a pooled track can
 * change gives the same answer as trying every extra minute, for every rule set, program and practitioner share.
 */
import { DEFAULT_POLICIES } from './policies';
import { ruleSet, SUPPORTED_SERVICE_YEARS } from './rule-sets';
import { nextCode, rankedTimeOptions, type AddOnCaps, type NextCode, type TrackMinutes } from './tracks';
import type { TimeTrackRule } from './rule-set';

const price = (code: string) => 1000 + Number(code.replace(/\D/g, '').slice(-3));

/** The definition: add one pooled minute at a time, up to four hours, until what is billed changes. */
function minuteByMinute(tracks: readonly TimeTrackRule[], minutes: TrackMinutes, caps: AddOnCaps): NextCode | null {
  const billed = (extra: number) => rankedTimeOptions(tracks, { ...minutes, pooled: minutes.pooled + extra }, caps, price, DEFAULT_POLICIES.trackTieOrder)[0];
  const codes = (extra: number) => (billed(extra)?.lines ?? []).map((line) => `${line.cptCode}x${line.units}`).join('+');
  for (let extra = 1; extra <= 240; extra++) {
    if (codes(extra) !== codes(0)) {
      const before = new Map((billed(0)?.lines ?? []).map((line) => [line.cptCode, line.units]));
      const then = billed(extra)!;
      return { minutes: extra, cptCode: (then.lines.find((line) => line.units > (before.get(line.cptCode) ?? 0)) ?? then.lines[0]).cptCode };
    }
  }
  return null;
}

const cases = SUPPORTED_SERVICE_YEARS.map((year) => ({ year, rules: ruleSet(year) })).flatMap(({ year, rules }) =>
  (['CCM', 'PCM'] as const).flatMap((program) =>
    ([{}, { '99439': 1, '99489': 0 }] as AddOnCaps[]).map((caps) => ({ year, program, tracks: rules.timeTracks[program], caps })),
  ),
);

describe.each(cases)('nextCode, $year $program, caps $caps', ({ tracks, caps }) => {
  it.each([0, 20, 30, 45, 60])('agrees with minute-by-minute at every pooled minute 0–200 (practitioner %i, with and without complexity)', (practitioner) => {
    for (const complex of [false, true]) {
      for (let pooled = practitioner; pooled <= 200; pooled++) {
        const minutes = { pooled, practitioner, complex };
        expect({ pooled, next: nextCode(tracks, minutes, caps, price, DEFAULT_POLICIES.trackTieOrder) }).toEqual({
          pooled,
          next: minuteByMinute(tracks, minutes, caps),
        });
      }
    }
  });
});
