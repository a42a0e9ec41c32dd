import { bundleProblems, resolve, resourcesOf } from '../../../test/support/evidence-fhir';
import { ACTIVITY, MARCH_ENTRIES, marchSources, PAYER } from '../../../test/support/evidence-march';
import { canonicalJson } from '../../kernel/canonical-json';
import { assemblePacket } from '../packet/assemble-packet';
import { packetBundle } from './packet-bundle';

describe('the evidence packet as a FHIR R4 bundle', () => {
  const packet = assemblePacket(marchSources({ claim: true }));
  const bundle = JSON.parse(JSON.stringify(packetBundle(packet)));

  it('is a collection whose every reference resolves inside it and whose every resource has its required elements', () => {
    expect(bundleProblems(bundle)).toEqual([]);
    expect(resourcesOf(bundle, 'Patient')).toHaveLength(1);
    expect(resourcesOf(bundle, 'Claim')).toHaveLength(1);
    expect(new Set((bundle.entry as { resource: { resourceType: string } }[]).map((entry) => entry.resource.resourceType))).toEqual(
      new Set([
        'Patient',
        'Organization',
        'Practitioner',
        'Coverage',
        'Condition',
        'Encounter',
        'Consent',
        'Goal',
        'CarePlan',
        'Communication',
        'MedicationStatement',
        'List',
        'Claim',
      ]),
    );
  });

  it('the checker itself catches a dangling reference and a missing required element', () => {
    const broken = JSON.parse(JSON.stringify(bundle));
    const claim = resourcesOf(broken, 'Claim')[0];
    claim.patient = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' };
    delete claim.priority;
    expect(bundleProblems(broken)).toEqual([
      expect.stringMatching(/Claim \(entry \d+\) lacks priority/),
      expect.stringMatching(/reference urn:uuid:00000000-0000-4000-8000-000000000000 does not resolve/),
    ]);
  });

  it('identifies the patient by Medicare Beneficiary Identifier, name, gender and birth date, with no address or contact', () => {
    const [patient] = resourcesOf(bundle, 'Patient');
    expect(patient.identifier).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' })]));
    expect(Object.keys(patient).sort()).toEqual(['birthDate', 'gender', 'id', 'identifier', 'meta', 'name', 'resourceType']);
  });

  it('codes the claim lines in CPT and the diagnoses in ICD-10-CM, against the patient’s Medicare coverage with the payer', () => {
    const [claim] = resourcesOf(bundle, 'Claim');
    expect(claim).toMatchObject({ status: 'active', use: 'claim', billablePeriod: { start: '2026-03-01', end: '2026-03-31' } });
    expect(claim.item.map((item: any) => [item.productOrService.coding[0], item.quantity.value])).toEqual([
      [{ system: 'http://www.ama-assn.org/go/cpt', code: '99487' }, 1],
      [{ system: 'http://www.ama-assn.org/go/cpt', code: '99489' }, 2],
    ]);
    expect(
      claim.diagnosis.map((diagnosis: any) => diagnosis.diagnosisCodeableConcept.coding[0].system + '|' + diagnosis.diagnosisCodeableConcept.coding[0].code),
    ).toEqual(['http://hl7.org/fhir/sid/icd-10-cm|E11.9', 'http://hl7.org/fhir/sid/icd-10-cm|I10']);
    expect(claim.total).toEqual({ value: packet.claim!.expectedPaymentCents / 100, currency: 'USD' });
    const coverage = resolve(bundle, claim.insurance[0].coverage);
    expect(resolve(bundle, coverage.payor[0])).toMatchObject({ identifier: [{ system: 'urn:careledger:payer-id', value: PAYER }], name: PAYER });
    expect(claim.identifier).toEqual([{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${packet.claim!.eventId}` }]);
    // The claim's supporting information is the evidence itself: consent, care plan, every counted call (not the
    // voided one nor the non-clinical call), the reconciliation.
    expect(claim.supportingInfo.map((info: any) => resolve(bundle, info.valueReference).resourceType)).toEqual([
      'Consent',
      'CarePlan',
      'Communication',
      'Communication',
      'Communication',
      'List',
    ]);
  });

  it('has one Communication per call, with minutes, performer, corrections and voids', () => {
    const communications = resourcesOf(bundle, 'Communication');
    expect(communications).toHaveLength(packet.timeEntries.filter((entry) => entry.origin === 'CALL').length);
    const voided = communications.find((communication) => communication.identifier[0].value === `urn:uuid:${ACTIVITY.voided}`)!;
    expect(voided).toMatchObject({ status: 'entered-in-error', statusReason: { text: 'Logged on the wrong patient' } });
    const corrected = communications.find((communication) => communication.identifier[0].value === `urn:uuid:${ACTIVITY.corrected}`)!;
    expect(corrected.extension[0]).toEqual({
      url: 'urn:careledger:extension:time-entry-minutes',
      valueDuration: { value: 15, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' },
    });
    expect(corrected.note[0].text).toBe('CORRECTED (minutes 15): Timer left running');
    expect(resolve(bundle, corrected.sender)).toMatchObject({
      resourceType: 'Practitioner',
      name: [{ text: 'Bea Brown RN' }],
      qualification: [{ code: { text: 'RN' } }],
    });
  });

  it('lists each reconciled medication as a MedicationStatement of the reconciliation’s List', () => {
    const [list] = resourcesOf(bundle, 'List');
    expect(list.note).toEqual([{ text: 'Discrepancy: Patient stopped atorvastatin on her own' }]);
    expect(list.entry.map((entry: any) => resolve(bundle, entry.item).medicationCodeableConcept.text)).toEqual(['Metformin']);
    expect(resourcesOf(bundle, 'MedicationStatement')[0]).toMatchObject({ status: 'active', dosage: [{ text: '500 mg twice daily' }] });
  });

  it('has the consent, the care plan in force with its goals and the conditions it addresses', () => {
    const [consent] = resourcesOf(bundle, 'Consent');
    expect(consent).toMatchObject({
      status: 'active',
      dateTime: '2026-03-02T14:00:00.000Z',
      sourceAttachment: { title: 'Signed consent form scan-2026-0302-17' },
    });
    expect(consent.text.div).toContain('costSharing, singlePractitionerPerMonth, rightToStop');
    const [plan] = resourcesOf(bundle, 'CarePlan');
    expect(plan.title).toBe('Comprehensive care plan, version 2');
    expect(plan.goal.map((goal: any) => resolve(bundle, goal).description.text)).toEqual(['HbA1c < 8%', 'BP < 140/90']);
    expect(plan.addresses.map((condition: any) => resolve(bundle, condition).code.coding[0].code)).toEqual(['E11.9', 'I10']);
  });

  it('is the same bundle for the same packet', () => {
    expect(canonicalJson(packetBundle(packet))).toBe(canonicalJson(bundle));
  });

  it('has no Claim (and no Consent) for a month that bills nothing for want of consent, and still resolves every reference', () => {
    const withoutConsent = MARCH_ENTRIES.filter(({ event }) => event.type !== 'ConsentGiven');
    const blocked = packetBundle(assemblePacket(marchSources({ entries: withoutConsent })));
    expect(bundleProblems(blocked)).toEqual([]);
    expect(resourcesOf(blocked, 'Claim')).toEqual([]);
    expect(resourcesOf(blocked, 'Consent')).toEqual([]);
    expect(resourcesOf(blocked, 'Communication').length).toBeGreaterThan(0);
  });
});
