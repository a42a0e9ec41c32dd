import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleProblems, resolve, resourcesOf } from '../../../../test/support/evidence-fhir';
import { ACTIVITY, MARCH_ENTRIES, marchSources } from '../../../../test/support/evidence-march';
import { callLogged, enrolled, snapshot, STAFF } from '../../../../test/support/care-record-events';
import { verifyBundleSignature } from '../../../../test/support/fhir-signature';
import { entryTypes, medplumProblems, r4SchemaProblems } from '../../../../test/support/fhir-validators';
import { assemblePacket } from '../../packet/assemble-packet';
import { loadFhirSigningKey, type FhirSigningKey } from './fhir-signing-key';
import { signedPacketDocument } from './packet-document';

type Json = Record<string, any>;

/** A call whose summary holds characters the R4 string pattern refuses (U+2028, U+00A0, U+FEFF, a tab at the end). */
const UNUSUAL_TEXT_CALL = '77777777-7777-4777-8777-777777777777';
const entries = [
  ...MARCH_ENTRIES,
  {
    event: callLogged({
      activityId: UNUSUAL_TEXT_CALL,
      performer: snapshot(STAFF.rnB),
      startedAt: '2026-03-25T14:00:00.000Z',
      minutes: 5,
      summary: 'Line one\u2028line\u00a0two\ufeff\t',
    }),
    occurredAt: '2026-03-25T14:05:00.000Z',
  },
];
const SIGNED_AT = new Date('2026-04-10T12:00:00.000Z');

describe('the signed FHIR document of an evidence packet', () => {
  let dataDir: string;
  let key: FhirSigningKey;
  let document: Json;
  const packet = assemblePacket(marchSources({ claim: true, entries }));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'fhir-document-'));
    key = await loadFhirSigningKey({ dataDir, production: false });
    document = JSON.parse(JSON.stringify(signedPacketDocument(packet, [], key, SIGNED_AT)));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is a document Bundle with an identifier and a timestamp, whose first entry is the Composition with its seven sections', () => {
    expect(document).toMatchObject({
      resourceType: 'Bundle',
      type: 'document',
      timestamp: SIGNED_AT.toISOString(),
      identifier: { system: 'urn:ietf:rfc:3986' },
    });
    const composition = document.entry[0].resource;
    expect(composition.resourceType).toBe('Composition');
    expect(composition.section.map((section: Json) => section.title)).toEqual([
      'Consent',
      'Care plan',
      'Time entries',
      'Diagnoses',
      'Initiating visit',
      'Medications',
      'Care team',
    ]);
    for (const section of composition.section) for (const entry of section.entry ?? []) expect(resolve(document, entry)).toBeDefined();
    expect(composition.section[6].entry.map((member: Json) => resolve(document, member as { reference: string }).name[0].text)).toContain(
      packet.billingPractitioner.name,
    );
    expect(bundleProblems(document)).toEqual([]);
  });

  it('passes Medplum’s R4 validator, the document and every resource in it', () => {
    expect(medplumProblems(document, entryTypes(document))).toEqual([]);
    const findings = document.entry.flatMap((entry: Json) =>
      medplumProblems(entry.resource, entryTypes(document)).map((problem) => `${entry.resource.resourceType}: ${problem}`),
    );
    expect(findings).toEqual([]);
  });

  it('passes the official FHIR R4 JSON schema, the document and every resource in it', () => {
    expect(r4SchemaProblems(document)).toEqual([]);
    const findings = document.entry.flatMap((entry: Json) => r4SchemaProblems(entry.resource).map((problem) => `${entry.resource.resourceType}: ${problem}`));
    expect(findings).toEqual([]);
  });

  it('the validators catch what they should: a Composition without status, a reference to the wrong type, a string with U+2028', () => {
    const broken = JSON.parse(JSON.stringify(document));
    delete broken.entry[0].resource.status;
    resourcesOf(broken, 'Patient')[0].name[0].text = 'Rosa\u2028Martinez';
    const [coverage] = resourcesOf(broken, 'Coverage');
    coverage.beneficiary = { reference: coverage.payor[0].reference };
    expect(medplumProblems(broken.entry[0].resource, entryTypes(broken)).join('\n')).toMatch(/status/);
    expect(medplumProblems(coverage, entryTypes(broken)).join('\n')).toMatch(/beneficiary: Invalid reference/);
    expect(r4SchemaProblems(resourcesOf(broken, 'Patient')[0]).join('\n')).toMatch(/pattern/);
  });

  it('is signed as CDex specifies: a detached ES256 JWS over the RFC 8785 form of the Bundle without id, meta and signature', async () => {
    const { signature } = document;
    expect(signature).toMatchObject({
      when: SIGNED_AT.toISOString(),
      sigFormat: 'application/jose',
      type: [{ system: 'urn:iso-astm:E1762-95:2013', code: '1.2.840.10065.1.12.1.1' }],
    });
    expect(signature.who).toMatchObject({
      identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: packet.practice.npi },
      display: packet.practice.name,
    });
    const verified = await verifyBundleSignature(document);
    expect(verified).toMatchObject({ valid: true, payloadPart: '', header: { alg: 'ES256', sigT: signature.when } });
    expect(verified.header.x5c[0]).toBe(key.certificateDer.toString('base64'));
    // Any change to the covered content breaks it; id, meta and the signature itself are outside it.
    expect((await verifyBundleSignature({ ...document, timestamp: '2026-04-10T12:00:01.000Z' })).valid).toBe(false);
    expect((await verifyBundleSignature({ ...document, id: 'any', meta: { versionId: '2' } })).valid).toBe(true);
  });

  it('names the patient by name, administrative gender, birth date and MBI, with the US Core profile', () => {
    const [patient] = resourcesOf(document, 'Patient');
    expect(patient).toMatchObject({
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
      name: [{ text: 'Rosa Martinez', family: 'Martinez', given: ['Rosa'] }],
      gender: 'unknown',
      birthDate: '1948-05-02',
    });
    expect(patient.identifier).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' })]));
  });

  it('gives the administrative sex recorded at enrolment as FHIR gender', () => {
    const female = [{ ...MARCH_ENTRIES[0], event: enrolled({ payerId: 'payer-1', sex: 'FEMALE' }) }, ...entries.slice(1)];
    const bundle = JSON.parse(JSON.stringify(signedPacketDocument(assemblePacket(marchSources({ claim: true, entries: female })), [], key, SIGNED_AT)));
    expect(resourcesOf(bundle, 'Patient')[0].gender).toBe('female');
  });

  it('has the payer Organization by name and a Coverage with relationship, beneficiary, payor and member id', () => {
    const [coverage] = resourcesOf(document, 'Coverage');
    expect(coverage).toMatchObject({ relationship: { coding: [{ code: 'self' }] }, subscriberId: '1EG4TE5MK73' });
    expect(coverage.identifier[0]).toMatchObject({ type: { coding: [{ code: 'MB' }] }, value: '1EG4TE5MK73' });
    expect(resolve(document, coverage.beneficiary).resourceType).toBe('Patient');
    expect(resolve(document, coverage.payor[0])).toMatchObject({ resourceType: 'Organization', name: 'payer-1' });
  });

  it('gives practitioners family and given names, the care plan a narrative, the initiating visit an Encounter', () => {
    for (const practitioner of resourcesOf(document, 'Practitioner')) expect(practitioner.name[0].family).toEqual(expect.any(String));
    const [plan] = resourcesOf(document, 'CarePlan');
    expect(plan.text.div).toContain('Measurable goals: HbA1c &lt; 8%; BP &lt; 140/90.');
    const [encounter] = resourcesOf(document, 'Encounter');
    expect(encounter).toMatchObject({ status: 'finished', class: { code: 'AMB' }, period: { start: packet.initiatingVisit!.visitDate } });
    expect(resolve(document, encounter.participant[0].individual).resourceType).toBe('Practitioner');
  });

  it('resolves every reference inside the Bundle, note authors and the consent actor included', () => {
    const [consent] = resourcesOf(document, 'Consent');
    expect(resolve(document, consent.provision.actor[0].reference).resourceType).toBe('Practitioner');
    const authored = [...resourcesOf(document, 'CarePlan'), ...resourcesOf(document, 'Communication')]
      .flatMap((resource) => resource.note ?? [])
      .filter((note: Json) => note.authorReference);
    expect(authored.length).toBeGreaterThan(2);
    for (const note of authored) expect(resolve(document, note.authorReference).resourceType).toBe('Practitioner');
  });

  it('names a person the packet knows by id only from the registry, or in words when the registry has none', () => {
    const sharer = packet.carePlan!.shares[0].sharedBy;
    const withoutSharer = {
      ...packet,
      carePlan: { ...packet.carePlan!, shares: packet.carePlan!.shares.map((share) => ({ ...share, sharedBy: 'front-desk-9' })) },
    };
    const registry = [{ staffId: 'front-desk-9', name: 'Pat Quinn', credential: 'NON_CLINICAL' as const, npi: null }];
    const shareNote = (bundle: Json) => resourcesOf(bundle, 'CarePlan')[0].note.find((note: Json) => /shared with the patient/.test(note.text));
    const named = JSON.parse(JSON.stringify(signedPacketDocument(withoutSharer, registry, key, SIGNED_AT)));
    expect(resolve(named, shareNote(named).authorReference)).toMatchObject({ resourceType: 'Practitioner', name: [{ family: 'Quinn', given: ['Pat'] }] });
    const unnamed = JSON.parse(JSON.stringify(signedPacketDocument(withoutSharer, [], key, SIGNED_AT)));
    expect(shareNote(unnamed)).toMatchObject({ authorString: 'CareLedger staff front-desk-9' });
    expect(sharer).not.toBe('front-desk-9');
  });

  it('names the source events of every resource', () => {
    const withoutEvents = document.entry
      .map((entry: Json) => entry.resource)
      .filter((resource: Json) => !['Organization', 'Practitioner', 'Composition'].includes(resource.resourceType))
      .filter((resource: Json) => !(resource.identifier ?? []).some((identifier: Json) => /^urn:uuid:/.test(identifier.value)));
    expect(withoutEvents.map((resource: Json) => resource.resourceType)).toEqual([]);
  });

  it('does not cite the voided call (nor the one that did not count) as supporting the claim', () => {
    const [claim] = resourcesOf(document, 'Claim');
    const cited = claim.supportingInfo
      .map((info: Json) => resolve(document, info.valueReference))
      .filter((resource: Json) => resource.resourceType === 'Communication');
    const citedIds = cited.map((communication: Json) => communication.identifier[0].value);
    expect(citedIds).not.toContain(`urn:uuid:${ACTIVITY.voided}`);
    expect(citedIds).not.toContain(`urn:uuid:${ACTIVITY.nonClinical}`);
    expect(citedIds).toContain(`urn:uuid:${ACTIVITY.complexCall}`);
  });

  it('gives the reconciliation’s minutes with their source and whether they counted', () => {
    const [list] = resourcesOf(document, 'List');
    expect(list.extension.map((extension: Json) => extension.url)).toEqual([
      'urn:careledger:extension:time-entry-minutes',
      'urn:careledger:extension:time-source',
      'urn:careledger:extension:minutes-counted',
    ]);
    expect(list.extension[2].valueBoolean).toBe(true);
  });

  it('makes free text valid R4 strings: the line separator a line break, the no-break space a space, no trailing whitespace', () => {
    const call = resourcesOf(document, 'Communication').find((communication) => communication.identifier[0].value === `urn:uuid:${UNUSUAL_TEXT_CALL}`)!;
    expect(call.payload[0].contentString).toBe('Line one\nline two');
  });
});
