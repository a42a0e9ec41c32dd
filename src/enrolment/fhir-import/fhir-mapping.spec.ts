import { Readable } from 'node:stream';
import type { Condition, Coverage, Patient } from 'fhir/r4';
import { calendarDateOf, mapCondition, mapCoverage, mapPatient } from './fhir-mapping';
import { ndjsonLines } from './ndjson-lines';

const problem = (overrides: Partial<Condition> = {}): Condition => ({
  resourceType: 'Condition',
  subject: { reference: 'Patient/p1' },
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' }] },
  ...overrides,
});

describe('US Core to CareLedger mapping (issue #15)', () => {
  it.each([
    ['2012-04-17T10:00:00-05:00', '2012-04-17'],
    ['2012-04', '2012-04-01'],
    ['1990', '1990-01-01'],
    ['2012-02-30', 'invalid'],
    ['yesterday', 'invalid'],
  ])('a FHIR date %s is the calendar date %s', (value, date) => expect(calendarDateOf(value)).toBe(date));

  it.each<[string, Partial<Patient>, RegExp | null]>([
    ['an official name, a birth date and an MBI', {}, null],
    ['no name', { name: [] }, /no name/],
    ['a partial birth date', { birthDate: '1947-09' }, /full birthDate/],
    ['an MBI that is not one', { identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: '123456789A' }] }, /not a valid Medicare/],
    ['neither an MBI nor an EHR identifier', { identifier: [{ value: 'no-system' }] }, /neither an MBI nor an EHR identifier/],
  ])('Patient with %s', (_case, overrides, refusal) => {
    const mapped = mapPatient({
      resourceType: 'Patient',
      name: [{ use: 'official', family: 'Voss', given: ['Eleanor'] }],
      birthDate: '1947-09-14',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4-TE5-MK72' }],
      ...overrides,
    });
    if (refusal) expect(mapped).toEqual({ ok: false, reason: expect.stringMatching(refusal) });
    else expect(mapped).toEqual({ ok: true, facts: { name: 'Eleanor Voss', birthDate: '1947-09-14', medicareId: '1EG4TE5MK72', ehrIdentifier: null } });
  });

  it('prefers the medical record number as the EHR identifier', () => {
    const mapped = mapPatient({
      resourceType: 'Patient',
      name: [{ text: 'Ana Lucero' }],
      birthDate: '1944-06-02',
      identifier: [
        { system: 'urn:ehr:ssn-like', value: '1' },
        { system: 'urn:ehr:mrn', value: 'E5520187', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] } },
      ],
    });
    expect(mapped).toMatchObject({ ok: true, facts: { medicareId: null, ehrIdentifier: { system: 'urn:ehr:mrn', value: 'E5520187' } } });
  });

  it.each<[string, Partial<Condition>, RegExp | object]>([
    ['an active problem-list item', {}, { icd10: 'E11.9', clinicalStatus: 'active', categories: ['problem-list-item'], onset: null, abatement: null }],
    [
      'a resolved one with onset and abatement',
      {
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved' }] },
        onsetPeriod: { start: '2020-01-05' },
        abatementDateTime: '2021-03',
      },
      { clinicalStatus: 'resolved', onset: '2020-01-05', abatement: '2021-03-01' },
    ],
    [
      'a health concern of the US Core code system',
      { category: [{ coding: [{ system: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category', code: 'health-concern' }] }] },
      { categories: ['health-concern'] },
    ],
    [
      'an encounter diagnosis',
      { category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }] },
      /neither a problem-list-item/,
    ],
    ['no clinical status', { clinicalStatus: undefined }, /no clinicalStatus/],
    [
      'a refuted one',
      { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }] } },
      /refuted/,
    ],
    ['a malformed ICD-10-CM code', { code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'diabetes' }] } }, /no ICD-10-CM code/],
    ['no subject', { subject: undefined as never }, /no subject/],
  ])('Condition: %s', (_case, overrides, expected) => {
    const mapped = mapCondition(problem(overrides));
    if (expected instanceof RegExp) expect(mapped).toEqual({ ok: false, reason: expect.stringMatching(expected) });
    else expect(mapped).toMatchObject({ ok: true, facts: expected });
  });

  it.each<[string, string, Partial<Coverage>, object | RegExp]>([
    [
      'Medicare fee-for-service with a Part B class',
      '121',
      { class: [{ type: { text: 'plan' }, value: 'Part B' }] },
      { partB: true, medicareAdvantagePlan: null },
    ],
    ['Medicare fee-for-service, Part B not said', '121', {}, { partB: false, medicareAdvantagePlan: null }],
    [
      'Medicare Advantage (managed care)',
      '111',
      { payor: [{ display: 'Humana Gold Plus HMO' }] },
      { partB: true, medicareAdvantagePlan: 'Humana Gold Plus HMO' },
    ],
    ['Medicaid', '2', {}, /not a Medicare coverage/],
    ['a cancelled coverage', '121', { status: 'cancelled' }, /cancelled, not active/],
  ])('Coverage: %s', (_case, type, overrides, expected) => {
    const mapped = mapCoverage({
      resourceType: 'Coverage',
      status: 'active',
      beneficiary: { reference: 'Patient/p1' },
      payor: [{ display: 'CMS' }],
      type: { coding: [{ system: 'urn:oid:2.16.840.1.113883.3.221.5', code: type }] },
      ...overrides,
    });
    if (expected instanceof RegExp) expect(mapped).toEqual({ ok: false, reason: expect.stringMatching(expected) });
    else expect(mapped).toMatchObject({ ok: true, facts: expected });
  });
});

describe('NDJSON lines, streamed in bounded memory', () => {
  const collect = async (chunks: string[], max = 64) => {
    const lines = [];
    for await (const line of ndjsonLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), max)) lines.push(line);
    return lines;
  };

  it('splits lines across chunk boundaries, accepts CRLF, skips blank lines and numbers lines as in the file', async () => {
    expect(await collect(['{"a":', '1}\r\n\n{"b"', ':2}\n{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('reports a line over the bound instead of holding it', async () => {
    expect(await collect(['{"ok":1}\n', 'x'.repeat(40), 'y'.repeat(40), '\n{"ok":2}\n'], 64)).toEqual([
      { line: 1, text: '{"ok":1}' },
      { line: 2, tooLong: true },
      { line: 3, text: '{"ok":2}' },
    ]);
  });
});
