/**
 * Evidence packets over HTTP, on both event stores: a practice's March 2026 documented through the care-record
 * mutations, closed and partly claimed, then read as a payer reads it: the signed JSON verified with nothing but
 * node:crypto and with `npm run verify-packet`, the PDF read back with pdftotext, the FHIR bundle walked, and the
 * access rules and access log checked. The app's clock reads 10 April 2026 in New York (and moves on, where a test
 * says so: packets must not depend on it).
 */
import { createHash, randomUUID } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTERS, newCommandId, outcome, startTestApp, type GraphQLResponse, type TestApp } from './support/app-harness';
import { ACCESS_LOG, settleAccessLog, VERIFY_AUDIT_TRAIL } from './support/audit-fixtures';
import {
  CLOSE_BILLING_MONTH,
  documentedPatient,
  logCall,
  PATIENT_BILLING_MONTH,
  PAYER_ID,
  seedMarch,
  SUBMIT_CLAIM,
  type MarchScenario,
} from './support/billing-fixtures';
import { mutate, RECONCILE_MEDICATIONS, reconcileInput, seedPractice, testMedicareId, type SeededPractice } from './support/care-record-fixtures';
import { tempDir } from './support/event-store-fixtures';
import { bundleProblems, resolve, resourcesOf } from './support/evidence-fhir';
import {
  download,
  EVIDENCE_PACKET,
  EVIDENCE_SIGNING_KEY,
  oneCharacterChanged,
  payerVerifies,
  runVerifyPacket,
  SAVED_PACKET,
} from './support/evidence-fixtures';
import { flattened, pdfPageCount, pdfText } from './support/evidence-pdf';

const NOW = new Date('2026-04-10T14:00:00Z');
const MARCH = '2026-03';
const PDF_ROUTE = 'GET /exports/evidence/:patientId/:month.pdf';
const UNKNOWN_PATIENT = '00000000-0000-4000-8000-000000000000';

type Packet = Record<string, any>;

describe.each(ADAPTERS)('evidence packets on %s', (adapter) => {
  let app: TestApp;
  let practice: SeededPractice;
  let other: SeededPractice;
  let march: MarchScenario;
  /** Claimed at 99490 on 25 minutes; a 22-minute March entry is typed in after the claim (issue #12 item 10). */
  let lateCase: string;
  let otherPayer: string;
  let now = NOW;
  let packet: Packet;
  let key: { kty: string; crv: string; x: string; kid: string; alg: string; use: string };
  const files = tempDir('careledger-evidence-e2e-');

  const evidence = (patientId: string, token: string, month = MARCH) => app.gql(EVIDENCE_PACKET, { patientId, month }, token);
  const packetOf = async (patientId: string, token: string): Promise<Packet> => {
    const response = await evidence(patientId, token);
    expect(response.errors).toBeUndefined();
    return response.data!.evidencePacket;
  };
  const saveFile = (name: string, content: unknown) => {
    const path = join(files.path, `${adapter}-${name}`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    app = await startTestApp(adapter, { clock: { now: () => now } });
    practice = await seedPractice(app);
    other = await seedPractice(app);
    march = await seedMarch(app, practice);
    lateCase = await documentedPatient(app, practice);
    await logCall(app, practice, lateCase, { minutes: 25, startedAt: '2026-03-05T10:00:00-05:00' });
    // The complex patient's reconciliation (15 more minutes: still 99487 + 99489).
    await mutate(app, RECONCILE_MEDICATIONS, reconcileInput(march.complex), practice.tokens.nurse);
    const { billing } = practice.tokens;
    await mutate(app, CLOSE_BILLING_MONTH, { commandId: newCommandId(), month: MARCH }, billing);
    await mutate(app, SUBMIT_CLAIM, { commandId: newCommandId(), patientId: lateCase, month: MARCH, payerId: PAYER_ID }, billing);
    await mutate(app, SUBMIT_CLAIM, { commandId: newCommandId(), patientId: march.complex, month: MARCH, payerId: PAYER_ID }, billing);
    otherPayer = await app.token({ sub: 'payer-user-2', roles: ['PAYER'], payerId: 'payer-2' });
    packet = await packetOf(march.complex, practice.tokens.payer);
    key = (await app.gql(EVIDENCE_SIGNING_KEY, {}, practice.tokens.payer)).data!.evidenceSigningKey;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  describe('the signed packet, as the payer the claim was submitted to reads it', () => {
    it('verifies against the published key with plain node:crypto, and its kid is the key’s RFC 7638 thumbprint', () => {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: packet.kid });
      expect(payerVerifies(packet as never, key)).toEqual({ thumbprintMatches: true, signatureValid: true });
    });

    it('a one-character change of the json fails verification', () => {
      expect(payerVerifies({ ...packet, json: oneCharacterChanged(packet.json) } as never, key).signatureValid).toBe(false);
    });

    it('its typed fields are the signed document’s: the claimed lines, consent, care plan, every time entry, the head hash', () => {
      const signed = JSON.parse(packet.json);
      expect(packet).toMatchObject({ patientId: march.complex, month: MARCH, status: 'SUBMITTED', auditHeadHash: signed.audit.headHash });
      // The time it speaks for is the log's: the claim, the latest event it covers, was recorded then.
      expect(packet.generatedAt).toBe(signed.asOf.recordedAt);
      expect(signed.audit.events.at(-1)).toMatchObject({ eventType: 'ClaimSubmitted', recordedAt: packet.generatedAt, position: signed.asOf.position });
      expect(packet.lines.map((line: Packet) => [line.cptCode, line.units, line.amountCents])).toEqual([
        ['99487', 1, 14429],
        ['99489', 1, 7816],
      ]);
      expect(signed.lines).toEqual(packet.lines);
      expect(packet.claim).toMatchObject({ payerId: PAYER_ID, dateOfService: '2026-03-31', basis: 'CLOSED', diagnoses: ['E11.9', 'I10'] });
      expect(packet.consent).toMatchObject({ given: true, method: 'VERBAL', recordedBy: 'rn-b', billingPractitionerId: 'dr-a' });
      expect(packet.carePlan).toMatchObject({
        version: 2,
        createdBy: 'dr-a',
        revisions: [{ version: 2, substantial: true, reason: 'Admitted for hyperglycaemia', revisedBy: 'dr-a' }],
      });
      expect(
        packet.activities.map((activity: Packet) => [activity.kind, activity.minutes, activity.performedBy, activity.credential, activity.source]),
      ).toEqual([
        // Dr A's own call: complex CCM needs the billing practitioner's decision making (ccm-rules.md §1).
        ['PATIENT_CALL', 50, 'dr-a', 'MD', 'LIVE_TIMER'],
        ['MEDICATION_MANAGEMENT', 15, 'rn-b', 'RN', 'MANUAL_ENTRY'],
        ['CARE_COORDINATION', 45, 'rn-b', 'RN', 'LIVE_TIMER'],
      ]);
      // Who typed each entry in (the event's actor), beside the performer: Dr A her own decision-making call, the nurse hers.
      expect(signed.timeEntries.map((entry: Packet) => [entry.performer.staffId, entry.recordedBy])).toEqual([
        ['dr-a', 'dr-a'],
        ['rn-b', 'rn-b'],
        ['rn-b', 'rn-b'],
      ]);
      expect(signed).toMatchObject({
        format: 'careledger-evidence-packet/2',
        billing: {
          track: 'COMPLEX',
          complex: true,
          clinicalStaffMinutes: 60,
          practitionerMinutes: 50,
          alternatives: [{ track: 'STAFF' }, { track: 'PRACTITIONER' }],
        },
        complexity: { complex: true, carePlanEstablishedInMonth: true, substantialRevisions: [2] },
        initiatingVisit: { kind: 'AWV', visitDate: '2026-02-20', practitioner: { staffId: 'dr-a', credential: 'MD' } },
        medicationReconciliations: [{ discrepancies: ['Patient stopped atorvastatin on her own'], minutes: 15 }],
        diagnoses: [
          { icd10: 'E11.9', qualifying: true },
          { icd10: 'I10', qualifying: true },
        ],
      });
      // The name only inside the cited events that recorded it, whole: the enrolment, and the claim as submitted
      // (it names the patient, as a CMS-1500 does).
      const {
        audit: { events, ...audit },
        ...sections
      } = signed;
      expect(JSON.stringify({ ...sections, audit })).not.toContain('Rosa Martinez');
      expect(events.filter((event: Packet) => JSON.stringify(event).includes('Rosa Martinez')).map((event: Packet) => event.eventType)).toEqual([
        'PatientEnrolled',
        'ClaimSubmitted',
      ]);
    });

    it('seals the record with the same head hash the audit verification recomputes, and cites the claim event', async () => {
      const verification = await app.gql(VERIFY_AUDIT_TRAIL, { patientId: march.complex }, practice.tokens.compliance);
      expect(verification.data!.verifyAuditTrail).toMatchObject({ valid: true, headHash: packet.auditHeadHash });
      const sources = JSON.parse(packet.json).audit.sourceEvents;
      expect(sources.at(-1)).toMatchObject({ type: 'ClaimSubmitted', stream: `billing-${practice.practiceId}-${MARCH}` });
      expect(sources.filter((source: Packet) => source.type === 'CallLogged')).toHaveLength(2);
    });

    it('`npm run verify-packet` accepts the saved packet against the server’s published key, and rejects a one-character change', async () => {
      const saved = (await app.gql(SAVED_PACKET, { patientId: march.complex, month: MARCH }, practice.tokens.payer)).data!.evidencePacket;
      const valid = await runVerifyPacket([saveFile('packet.json', saved), '--url', app.url]);
      expect(valid).toMatchObject({ code: 0, stdout: expect.stringContaining(`VALID: evidence packet of patient ${march.complex} for ${MARCH}`) });
      expect(valid.stdout).toContain(`; ${JSON.parse(saved.json).audit.events.length} cited events' hashes recomputed`);
      const altered = await runVerifyPacket([saveFile('altered.json', { ...saved, json: oneCharacterChanged(saved.json) }), '--url', app.url]);
      expect(altered).toMatchObject({ code: 1, stdout: expect.stringContaining('NOT VALID') });
      // The key as evidenceSigningKey returned it works offline too.
      expect((await runVerifyPacket([saveFile('packet2.json', saved), '--jwk', saveFile('key.json', key)])).code).toBe(0);
    }, 30_000);

    it('publishes the same key without authentication as a JWK Set', async () => {
      const response = await download(app, '/evidence/jwks.json');
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body.toString())).toEqual({ keys: [key] });
    });
  });

  describe('one packet per state of the record (issue #12 items 10-12)', () => {
    const moveClock = () => {
      now = new Date(now.getTime() + 60_000);
    };

    it('two reads of an unchanged record a minute apart give the same bytes and signature, and its pdfUrl the PDF of that packet', async () => {
      const first = await packetOf(march.complex, practice.tokens.payer);
      moveClock();
      const second = await packetOf(march.complex, practice.tokens.billing);
      expect([second.json, second.signature, second.pdfUrl, second.generatedAt]).toEqual([first.json, first.signature, first.pdfUrl, first.generatedAt]);
      moveClock();
      const response = await download(app, first.pdfUrl, practice.tokens.payer);
      expect(response.status).toBe(200);
      const text = flattened(await pdfText(response.body));
      expect(text).toContain(first.signature);
      expect(text).toContain(createHash('sha256').update(first.json, 'utf8').digest('hex'));
      // And the same bytes each time.
      expect((await download(app, first.pdfUrl, practice.tokens.payer)).body.equals(response.body)).toBe(true);
    });

    it('every event it cites is in the packet whole: hashes recompute offline by the export recipe, and match the NDJSON export', async () => {
      const { audit } = JSON.parse(packet.json);
      const carried = new Set(audit.events.map((event: Packet) => event.eventId));
      expect(audit.sourceEvents.filter((source: Packet) => !carried.has(source.eventId)).map((source: Packet) => source.eventId)).toEqual(
        audit.inBillingExport.map((withheld: Packet) => withheld.eventId),
      );
      const recomputedHash = (line: Packet) => {
        const { hash: _hash, ...chained } = line.metadata;
        return createHash('sha256')
          .update(stableStringify({ stream: line.stream, revision: line.revision, type: line.eventType, data: line.data, metadata: chained }))
          .digest('hex');
      };
      const citedHash = new Map(audit.sourceEvents.map((source: Packet) => [source.eventId, source.hash]));
      for (const line of audit.events) expect(recomputedHash(line)).toBe(line.metadata.hash);
      for (const line of audit.events) expect(citedHash.get(line.eventId)).toBe(line.metadata.hash);
      // The month's close (it names every patient-month of the practice) is checked in the billing stream's export,
      // which the practice's auditors can download and a payer cannot.
      const [withheld] = audit.inBillingExport;
      expect(audit.sourceEvents.find((source: Packet) => source.eventId === withheld.eventId)).toMatchObject({ type: 'BillingMonthClosed' });
      expect((await download(app, withheld.export, practice.tokens.payer)).status).toBe(403);
      const billingExport = (await download(app, withheld.export, practice.tokens.compliance)).body
        .toString()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const close = billingExport.find((line: Packet) => line.eventId === withheld.eventId);
      expect(close).toMatchObject({ eventType: 'BillingMonthClosed', stream: `billing-${practice.practiceId}-${MARCH}` });
      expect(recomputedHash(close)).toBe(citedHash.get(withheld.eventId));
      // The export names every patient of the month: each one's access log shows the download.
      await settleAccessLog(app);
      for (const patientId of [march.complex, march.ready]) {
        const log = await app.gql(ACCESS_LOG, { patientId, actorId: 'compliance-1', first: 500 }, practice.tokens.compliance);
        expect(log.data!.accessLog.edges.map((edge: Packet) => edge.node.operation)).toContain('GET /exports/billing/:month.ndjson');
      }
      expect(audit.events.at(-1)).toMatchObject({
        eventType: 'ClaimSubmitted',
        stream: `billing-${practice.practiceId}-${MARCH}`,
        data: { patientId: march.complex, payerId: PAYER_ID },
      });
      const exported = (await download(app, `/exports/audit/${march.complex}.ndjson`, practice.tokens.compliance)).body
        .toString()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const byId = new Map(exported.map((line: Packet) => [line.eventId, line]));
      const patientEvents = audit.events.filter((event: Packet) => event.stream === audit.stream);
      expect(patientEvents.length).toBeGreaterThan(5);
      for (const event of patientEvents) expect(event).toEqual(byId.get(event.eventId));
    });

    it('after a late entry in a submitted month: the claim as submitted, the late entry apart and uncounted; the earlier pdfUrl is refused', async () => {
      const before = await packetOf(lateCase, practice.tokens.payer);
      await logCall(app, practice, lateCase, { minutes: 22, startedAt: '2026-03-25T10:00:00-04:00', summary: 'Typed in after the claim' });
      const billingNow = await app.gql(PATIENT_BILLING_MONTH, { patientId: lateCase, month: MARCH }, practice.tokens.billing);
      expect(billingNow.data!.patientBillingMonth.lines.map((line: Packet) => line.cptCode)).toEqual(['99490', '99439']);

      const after = await packetOf(lateCase, practice.tokens.payer);
      const signed = JSON.parse(after.json);
      expect(after.lines.map((line: Packet) => `${line.cptCode}x${line.units}`)).toEqual(['99490x1']);
      expect(signed.billing).toMatchObject({ clinicalStaffMinutes: 25, lines: [{ cptCode: '99490', units: 1 }] });
      expect(signed.claimCutoff).toMatchObject({ basis: 'CLOSED', reproducesClaim: true });
      expect(after.activities.map((activity: Packet) => activity.minutes)).toEqual([25]);
      expect(after.activitiesAfterClaim.map((activity: Packet) => [activity.minutes, activity.summary])).toEqual([[22, 'Typed in after the claim']]);
      expect(signed.documentedAfterClaim.timeEntries).toEqual([
        expect.objectContaining({ minutes: 22, counted: false, exclusionReason: 'DOCUMENTED_AFTER_CLAIM' }),
      ]);
      expect(payerVerifies(after as never, key).signatureValid).toBe(true);

      const stale = await download(app, before.pdfUrl, practice.tokens.payer);
      expect(stale.status).toBe(412);
      expect(JSON.parse(stale.body.toString())).toMatchObject({ code: 'PRECONDITION_FAILED' });
      const pdf = await download(app, after.pdfUrl, practice.tokens.payer);
      const text = flattened(await pdfText(pdf.body));
      expect(text).toContain(flattened('Billed codes: 99490 x1 (as submitted)'));
      const [behind, documentedAfter] = text.split(flattened('Documented after the claim (not in the claim)'));
      expect(behind).not.toContain(flattened('Typed in after the claim'));
      expect(documentedAfter).toContain(flattened('“Typed in after the claim”'));
      expect(text).toContain(after.signature);
    });
  });

  describe('the PDF', () => {
    it('is served at pdfUrl with the payer’s token, readable, with codes, minutes, consent, care plan, entries and reconciliation', async () => {
      expect(packet.pdfUrl).toBe(`/exports/evidence/${march.complex}/${MARCH}.pdf?packet=${createHash('sha256').update(packet.json, 'utf8').digest('hex')}`);
      const response = await download(app, packet.pdfUrl, practice.tokens.payer);
      expect(response).toMatchObject({ status: 200, type: 'application/pdf' });
      const text = await pdfText(response.body);
      expect(text).toMatch(/Billed codes: 99487 x1 \+ 99489 x1 \(as submitted\)/);
      expect(text).toContain('Minutes that count: clinical staff 60, billing practitioner 50');
      expect(text).toContain('VERBAL, given 2026-03-02 09:00 EST, recorded by rn-b');
      expect(flattened(text)).toContain(flattened('SUBSTANTIAL: “Admitted for hyperglycaemia”'));
      expect(text).toContain('Bea Brown RN');
      expect(text).toContain('Patient stopped atorvastatin on her own');
      // Its last page carries the head hash of the record and the signature of the packet GraphQL returned.
      const pages = await pdfPageCount(response.body);
      const lastPage = flattened(await pdfText(response.body, { first: pages, last: pages }));
      expect(lastPage).toContain(packet.auditHeadHash);
      expect(lastPage).toContain(packet.kid);
      expect(lastPage).toContain(packet.signature);
    });

    it('follows the packet’s access rules: 401 without a token, 403 for another payer or an unsubmitted month, 404 for another practice', async () => {
      expect((await download(app, packet.pdfUrl)).status).toBe(401);
      expect((await download(app, packet.pdfUrl, otherPayer)).status).toBe(403);
      expect((await download(app, `/exports/evidence/${march.ready}/${MARCH}.pdf`, practice.tokens.payer)).status).toBe(403);
      expect((await download(app, packet.pdfUrl, other.tokens.billing)).status).toBe(404);
      expect((await download(app, packet.pdfUrl, practice.tokens.nurse)).status).toBe(403);
      expect((await download(app, `/exports/evidence/${march.complex}/2026-13.pdf`, practice.tokens.billing)).status).toBe(400);
      expect((await download(app, packet.pdfUrl, practice.tokens.compliance)).status).toBe(200);
    });
  });

  describe('the FHIR R4 bundle', () => {
    it('is a collection whose every reference resolves and whose every resource has its required elements', () => {
      const bundle = JSON.parse(packet.fhirBundle);
      expect(bundleProblems(bundle)).toEqual([]);
      for (const type of ['Patient', 'Condition', 'Consent', 'CarePlan', 'Communication', 'MedicationStatement', 'Claim'])
        expect(resourcesOf(bundle, type).length).toBeGreaterThan(0);
      expect(resourcesOf(bundle, 'Communication')).toHaveLength(2);
      const [claim] = resourcesOf(bundle, 'Claim');
      expect(claim.item.map((item: Packet) => `${item.productOrService.coding[0].system}|${item.productOrService.coding[0].code}`)).toEqual([
        'http://www.ama-assn.org/go/cpt|99487',
        'http://www.ama-assn.org/go/cpt|99489',
      ]);
      expect(resolve(bundle, claim.patient).identifier[0]).toMatchObject({ system: 'http://hl7.org/fhir/sid/us-mbi', value: testMedicareId(march.complex) });
    });
  });

  describe('who sees what', () => {
    it('a payer sees only the patient-months submitted to it; everything else is FORBIDDEN with one message', async () => {
      const refusals = await Promise.all([
        evidence(march.complex, otherPayer),
        evidence(march.ready, practice.tokens.payer),
        evidence(march.complex, practice.tokens.payer, '2026-04'),
        evidence(UNKNOWN_PATIENT, practice.tokens.payer),
      ]);
      expect(refusals.map(outcome)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(new Set(refusals.map((refusal) => refusal.errors?.[0].message)).size).toBe(1);
    });

    it('billing, compliance and admin of the practice read any month of their patients, submitted or not', async () => {
      for (const token of [practice.tokens.billing, practice.tokens.compliance, practice.tokens.admin])
        expect(outcome(await evidence(march.complex, token))).toBe('OK');
      const unsubmitted = await packetOf(march.noConsent, practice.tokens.billing);
      expect(unsubmitted).toMatchObject({ status: 'CLOSED', lines: [], claim: null, consent: { given: false, method: null } });
      expect(JSON.parse(unsubmitted.json).billing.blockers).toEqual(['NO_CONSENT']);
      // The close the status comes from is cited (and checked in the billing stream's export).
      expect(JSON.parse(unsubmitted.json).audit.sourceEvents.at(-1)).toMatchObject({
        type: 'BillingMonthClosed',
        stream: `billing-${practice.practiceId}-${MARCH}`,
      });
      expect(resourcesOf(JSON.parse(unsubmitted.fhirBundle), 'Claim')).toEqual([]);
    });

    it("another practice's staff get NOT_FOUND, exactly as for an unknown patient; care staff are FORBIDDEN; no token is UNAUTHENTICATED", async () => {
      const foreign: GraphQLResponse = await evidence(march.complex, other.tokens.billing);
      const unknown: GraphQLResponse = await evidence(UNKNOWN_PATIENT, other.tokens.billing);
      expect([outcome(foreign), outcome(unknown)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      expect(foreign.errors?.[0].message).toBe(unknown.errors?.[0].message);
      expect(outcome(await evidence(march.complex, practice.tokens.nurse))).toBe('FORBIDDEN');
      expect(outcome(await evidence(march.complex, practice.tokens.practitioner))).toBe('FORBIDDEN');
      expect(outcome(await app.gql(EVIDENCE_PACKET, { patientId: march.complex, month: MARCH }))).toBe('UNAUTHENTICATED');
      expect(outcome(await app.gql(EVIDENCE_SIGNING_KEY, {}))).toBe('UNAUTHENTICATED');
    });

    it("every packet read (GraphQL and PDF) is in the practice's access log, the payer's included; refused ones are not", async () => {
      const marker = await app.token({ sub: `payer-reviewer-${randomUUID().slice(0, 8)}`, roles: ['PAYER'], payerId: PAYER_ID });
      await packetOf(march.complex, marker);
      expect((await download(app, packet.pdfUrl, marker)).status).toBe(200);
      await evidence(march.ready, marker);
      await settleAccessLog(app);
      const log = await app.gql(ACCESS_LOG, { patientId: march.complex, first: 500 }, practice.tokens.compliance);
      const entries = log.data!.accessLog.edges.map((edge: Packet) => edge.node);
      const reviewer = JSON.parse(Buffer.from(marker.split('.')[1], 'base64url').toString()).sub;
      expect(entries.filter((entry: Packet) => entry.actorId === reviewer).map((entry: Packet) => [entry.operation, entry.actorRoles])).toEqual([
        ['evidencePacket', ['PAYER']],
        [PDF_ROUTE, ['PAYER']],
      ]);
      const readyLog = await app.gql(ACCESS_LOG, { patientId: march.ready, actorId: reviewer }, practice.tokens.compliance);
      expect(readyLog.data!.accessLog.totalCount).toBe(0);
      expect(entries.some((entry: Packet) => entry.actorId === 'payer-user-2')).toBe(false);
    });
  });
});
