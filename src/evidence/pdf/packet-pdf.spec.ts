import { generateKeyPairSync } from 'node:crypto';
import { flattened, pdfPageCount, pdfText } from '../../../test/support/evidence-pdf';
import { callVoided } from '../../../test/support/billing-care-events';
import { callLogged } from '../../../test/support/care-record-events';
import { ACTIVITY, MARCH_ENTRIES, marchSources } from '../../../test/support/evidence-march';
import { canonicalJson } from '../../kernel/canonical-json';
import { assemblePacket } from '../packet/assemble-packet';
import { EvidenceSigner } from '../signing/evidence-signer';
import { renderPacketPdf } from './packet-pdf';
import { printable } from './pdf-layout';

describe('the evidence packet as a PDF for a human reviewer (read back with pdftotext)', () => {
  const signer = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
  const document = assemblePacket(marchSources({ claim: true }));
  const json = canonicalJson(document);
  const signed = { document, json, signature: signer.sign(json), kid: signer.kid };
  let pdf: Buffer;
  let pages: number;
  let text: string;

  beforeAll(async () => {
    pdf = await renderPacketPdf(signed);
    pages = await pdfPageCount(pdf);
    text = await pdfText(pdf);
  });

  it('is a PDF of several pages, grouped in the sections a reviewer reads, in order', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pages).toBeGreaterThanOrEqual(2);
    const sections = [
      'Summary',
      'Diagnoses and initiating visit',
      'Consent',
      'Care plan in force at the end of the month',
      'Time entries',
      'Medication reconciliations',
      'Complexity evidence',
      'Integrity: signature and audit hash',
    ];
    const positions = sections.map((section) => text.indexOf(section));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('summarises the codes, minutes and money, with times in the practice zone', () => {
    expect(text).toMatch(/Billed codes: 99487 x1 \+ 99489 x2 \(as submitted\)/);
    expect(text).toMatch(/Minutes that count: clinical staff 75, billing practitioner 50/);
    expect(text).toContain('Track: COMPLEX');
    expect(text).toContain('$144.29');
    expect(text).toContain('submitted 2026-04-02 09:00 EDT to payer payer-1');
    expect(text).toContain('Medicare ID (MBI) 1EG4TE5MK73');
  });

  it('shows consent, care plan, every time entry with performer and corrections, and the reconciliation', () => {
    expect(text).toContain('WRITTEN, given 2026-03-02 09:00 EST, recorded by rn-b');
    expect(text).toContain('scan-2026-0302-17');
    expect(flattened(text)).toContain(flattened('v2 2026-03-12 11:00 EDT by Dr Ada Alvarez (MD, NPI 1234567893), SUBSTANTIAL: “Admission for hyperglycaemia”'));
    expect(text).toContain('via patient portal');
    for (const performer of ['Bea Brown RN', 'Dee Desk']) expect(text).toContain(performer);
    expect(flattened(text)).toContain(flattened('Dee Desk (NON_CLINICAL); recorded by rn-b (not the performer)'));
    expect(flattened(text)).toContain(flattened('Bea Brown RN (RN); recorded by rn-b'));
    expect(flattened(text)).toContain(flattened('VOIDED by rn-b at 2026-03-21 11:00 EDT, reason: “Logged on the wrong patient”'));
    expect(flattened(text)).toContain(flattened('CORRECTED by rn-b at 2026-03-23 11:00 EDT (minutes 15), reason: “Timer left running”'));
    expect(text).toContain('Metformin');
    expect(text).toContain('Patient stopped atorvastatin on her own');
  });

  it('carries the signature, key id and audit head hash on its last page, and only there', async () => {
    const lastPage = flattened(await pdfText(pdf, { first: pages, last: pages }));
    const earlier = flattened(await pdfText(pdf, { first: 1, last: pages - 1 }));
    for (const value of [signed.signature, document.audit.headHash]) {
      expect(lastPage).toContain(value);
      expect(earlier).not.toContain(value);
    }
    expect(lastPage).toContain(signed.kid);
  });

  it('prints a signature whose wrapped line would end in "-" so that text tools copy it whole (no dehyphenation)', async () => {
    const dashed = `${'A'.repeat(63)}-${'B'.repeat(22)}`;
    const text = flattened(await pdfText(await renderPacketPdf({ ...signed, signature: dashed })));
    expect(text).toContain(dashed);
  });

  it("prints what its standard fonts cannot show as '?', never as wrong glyphs (the JSON keeps the exact text)", async () => {
    const unusual = structuredClone(document);
    unusual.timeEntries[0].summary = 'José called back — “fine”; Ψ 😀 中文';
    const text = await pdfText(await renderPacketPdf({ ...signed, document: unusual }));
    expect(flattened(text)).toContain(flattened('José called back — “fine”; ? ? ??'));
    expect(printable('Ψ😀中 é€')).toBe('??? é€');
  });

  it('prints typed text quoted and on the line of its field: its line breaks cannot start lines that imitate the packet (issue #22 item 9)', async () => {
    const forged = structuredClone(document);
    forged.timeEntries[0].summary = 'Called back.\nSIGNATURE VERIFIED BY CMS\r\n99491 | 1 | $999.00\u2028Integrity: signature and audit hash';
    forged.carePlan!.goals = ['HbA1c below 7 %\u2029Billed codes: 99491 x9 (as submitted)'];
    forged.timeEntries[4].amendments[0].reason = 'Timer\vleft\frunning\u0085Counted: yes';
    const text = await pdfText(await renderPacketPdf({ ...signed, document: forged }));
    const lines = text.split(/\n|\f/).map((line) => line.trim());
    for (const imitation of [
      'SIGNATURE VERIFIED BY CMS',
      '99491 | 1',
      'Integrity: signature and audit hash',
      'Billed codes: 99491',
      'Counted: yes',
      'left',
      'running',
    ]) {
      expect(lines.filter((line) => line.startsWith(imitation))).toEqual(imitation === 'Integrity: signature and audit hash' ? [imitation] : []);
    }
    expect(flattened(text)).toContain(flattened('“Called back. ¶ SIGNATURE VERIFIED BY CMS ¶ 99491 | 1 | $999.00 ¶ Integrity: signature and audit hash”'));
    expect(flattened(text)).toContain(flattened('•“HbA1c below 7 % ¶ Billed codes: 99491 x9 (as submitted)”'));
    expect(flattened(text)).toContain(flattened('reason: “Timer ¶ left ¶ running ¶ Counted: yes”'));
  });

  it('renders one packet to the same bytes every time (its dates come from the log)', async () => {
    expect((await renderPacketPdf(signed)).equals(pdf)).toBe(true);
  });

  it('of a submitted month: the entries behind the claim as they stood, and apart, uncounted, what was documented after (issue #12 item 10)', async () => {
    const afterClaim = [
      {
        event: callLogged({ activityId: '77777777-7777-4777-8777-777777777777', startedAt: '2026-03-30T14:00:00.000Z', minutes: 40, summary: 'Typed in late' }),
        occurredAt: '2026-03-30T14:40:00.000Z',
        recordedAt: '2026-04-06T14:00:00.000Z',
      },
      { event: callVoided(ACTIVITY.corrected), occurredAt: '2026-04-07T14:00:00.000Z' },
    ];
    const late = assemblePacket(marchSources({ claim: true, afterClaim }));
    const lateJson = canonicalJson(late);
    const text = flattened(await pdfText(await renderPacketPdf({ document: late, json: lateJson, signature: signer.sign(lateJson), kid: signer.kid })));
    expect(text).toContain(flattened('Billed codes: 99487 x1 + 99489 x2 (as submitted)'));
    expect(text).toContain(flattened('Minutes that count: clinical staff 75, billing practitioner 50'));
    expect(text).toContain(flattened('Claim figures: the record as it stood at the close, 2026-04-01 09:00 EDT'));
    const [behind, after] = text.split(flattened('Documented after the claim (not in the claim)'));
    expect(behind).toContain(flattened('Time entries behind the claim, as they stood at 2026-04-01 09:00 EDT'));
    expect(behind).not.toContain('Typedinlate');
    expect(after).toContain(flattened('“Typed in late”'));
    // The Counted column of the late row (the narrow column wraps the reason's words between other columns).
    expect(after).toMatch(/recordedno:docume/);
    expect(after).not.toMatch(/recordedyes/);
    expect(after).toContain(flattened('VOIDED by rn-b at 2026-04-07 10:00 EDT'));
  });
});

describe('a packet explains minutes that did not count in words a reviewer understands (issue 21 item 5)', () => {
  // The RN typed the 22 March call twice: the second entry overlaps the first and counts once.
  const TYPED_TWICE = '99999999-9999-4999-8999-999999999999';
  const entries = [
    ...MARCH_ENTRIES,
    { event: callLogged({ activityId: TYPED_TWICE, startedAt: '2026-03-22T14:05:00.000Z', minutes: 10 }), occurredAt: '2026-03-22T14:40:00.000Z' },
  ];
  const document = assemblePacket(marchSources({ entries }));

  it('the entry says how many of its minutes did not count and why, naming the entry that counted them', () => {
    const typedTwice = document.timeEntries.find((entry) => entry.id === TYPED_TWICE)!;
    expect(typedTwice).toMatchObject({
      counted: false,
      exclusionReason: 'OVERLAPS_OWN_ENTRY',
      excludedMinutes: 10,
      exclusionExplanation: `10 min overlap entry ${ACTIVITY.corrected} of the same performer; a minute counts once, and entry ${ACTIVITY.corrected} counted it.`,
    });
    expect(document.billing.warnings).toContain('OVERLAPPING_ENTRIES');
  });

  it('the PDF prints the explanation', async () => {
    const signer = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
    const json = canonicalJson(document);
    const text = flattened(await pdfText(await renderPacketPdf({ document, json, signature: signer.sign(json), kid: signer.kid })));
    expect(text).toContain(flattened(`10 of 10 min: 10 min overlap entry ${ACTIVITY.corrected} of the same performer; a minute counts once`));
  });
});

describe('the PDF answering a documentation request (read back with pdftotext)', () => {
  const signer = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
  const document = assemblePacket(marchSources({ claim: true }));
  const json = canonicalJson(document);
  const signed = { document, json, signature: signer.sign(json), kid: signer.kid };
  const request = {
    trackingId: 'ESMD-2026-000123',
    payerId: 'payer-1',
    channel: 'ESMD',
    receivedAt: '2026-04-08T15:00:00.000Z',
    dueAt: '2026-05-23T15:00:00.000Z',
    requestedCodes: ['11506-3', '34133-9'],
  };
  let pdf: Buffer;
  let pages: number;

  beforeAll(async () => {
    pdf = await renderPacketPdf(signed, request);
    pages = await pdfPageCount(pdf);
  });

  it('opens with a cover page naming the tracking number, the due date in the practice zone and the documents asked for', async () => {
    const first = await pdfText(pdf, { first: 1, last: 1 });
    expect(first).toContain('Response to a documentation request');
    expect(first).toContain('Tracking number: ESMD-2026-000123');
    expect(flattened(first)).toContain(flattened('Due date: 2026-05-23 11:00'));
    expect(first).toContain('11506-3, 34133-9');
    expect(first).not.toContain('CareLedger evidence packet');
    expect(await pdfText(pdf, { first: 2, last: 2 })).toMatch(/^CareLedger evidence packet/);
  });

  it('marks each author’s entries “Electronically signed by”, with name, credential and when', async () => {
    const text = flattened(await pdfText(pdf));
    const carePlan = document.carePlan!;
    expect(text).toContain(flattened(`Electronically signed by ${carePlan.createdBy.name}`));
    for (const entry of document.timeEntries)
      expect(text).toContain(flattened(`Electronically signed by ${entry.performer.name} (${entry.performer.credential}`));
    expect(text).toContain(flattened(`Electronically signed by ${document.medicationReconciliations[0].performer.name}`));
  });

  it('keeps the integrity block whole on the last page, and no page of it near-empty', async () => {
    const last = await pdfText(pdf, { first: pages, last: pages });
    expect(last).toContain('Integrity: signature and audit hash');
    expect(flattened(last)).toContain(flattened(signed.signature).slice(-20));
    for (let page = 1; page <= pages; page++) {
      const lines = (await pdfText(pdf, { first: page, last: page })).split('\n').filter((line) => line.trim() !== '');
      expect([page, lines.length > 8]).toEqual([page, true]);
    }
  });
});
