import { lastDayOfMonth } from '../../../kernel/calendar';
import { uuidV5 } from '../../../kernel/ids';
import type { EvidencePacketDocument, Staff } from '../../packet/evidence-packet';
import { BundleEntries, narrative } from '../bundle-entries';
import { CARE_PLAN_KEY, conditionKey, CONSENT_KEY, INITIATING_VISIT_KEY } from '../clinical';
import { SYSTEMS } from '../code-systems';
import { withFhirStrings } from '../fhir-strings';
import { packetEntries } from '../packet-bundle';
import { PATIENT_KEY, PRACTICE_KEY, practitionerKey } from '../parties';
import type { Bundle, CompositionSection, Reference } from '../r4';
import { communicationKey, reconciliationKey } from '../time-entries';
import { careTeamMembers } from './care-team-section';
import { signDocument } from './document-signature';
import type { FhirSigningKey } from './fhir-signing-key';

/** LOINC codes of the document and its sections. */
const LOINC = {
  document: { code: '34133-9', display: 'Summary of episode note' },
  consent: { code: '59284-0', display: 'Patient Consent' },
  carePlan: { code: '18776-5', display: 'Plan of care note' },
  timeEntries: { code: '11506-3', display: 'Progress note' },
  diagnoses: { code: '11450-4', display: 'Problem list - Reported' },
  initiatingVisit: { code: '46240-8', display: 'History of Hospitalizations+Outpatient visits Narrative' },
  medications: { code: '10160-0', display: 'History of Medication use Narrative' },
  careTeam: { code: '85847-2', display: 'Patient Care team information' },
} as const;

function section(title: string, code: (typeof LOINC)[keyof typeof LOINC], lines: string[], entry: Reference[]): CompositionSection {
  return {
    title,
    code: { coding: [{ system: SYSTEMS.loinc, ...code }] },
    text: narrative(lines.length > 0 ? lines : ['None documented for this month.']),
    ...(entry.length > 0 ? { entry } : { emptyReason: { coding: [{ system: SYSTEMS.listEmptyReason, code: 'nilknown' }] } }),
  };
}

function sections(entries: BundleEntries, packet: EvidencePacketDocument): CompositionSection[] {
  const { consent, carePlan, initiatingVisit } = packet;
  const calls = packet.timeEntries.filter((entry) => entries.has(communicationKey(entry.id)));
  const team = careTeamMembers(entries, packet);
  return [
    section(
      'Consent',
      LOINC.consent,
      consent
        ? [
            `${consent.method} consent given ${consent.givenAt}${consent.coversMonth ? ', in force for the month' : ', not in force for the month'}.`,
            ...(consent.revokedAt ? [`Revoked ${consent.revokedAt}.`] : []),
          ]
        : [],
      consent ? [entries.ref(CONSENT_KEY)] : [],
    ),
    section(
      'Care plan',
      LOINC.carePlan,
      carePlan
        ? [
            `Version ${carePlan.version}, review by ${carePlan.reviewBy}; goals: ${carePlan.goals.join('; ')}.`,
            ...carePlan.shares.map((share) => `Version ${share.version} given to the patient ${share.sharedAt} via ${share.channel}.`),
          ]
        : [],
      carePlan ? [entries.ref(CARE_PLAN_KEY)] : [],
    ),
    section(
      'Time entries',
      LOINC.timeEntries,
      [
        `Counted this month: ${packet.billing.clinicalStaffMinutes} minutes of clinical staff time, ${packet.billing.practitionerMinutes} of the billing practitioner's.`,
        ...packet.timeEntries.map(
          (entry) =>
            `${entry.startedAt}: ${entry.minutes} min by ${entry.performer.name} (${entry.performer.credential}), ${entry.kind}${entry.status === 'VOIDED' ? ', voided' : entry.counted ? '' : ', not counted'}.`,
        ),
      ],
      [
        ...calls.map((entry) => entries.ref(communicationKey(entry.id))),
        ...packet.medicationReconciliations.map((reconciliation) => entries.ref(reconciliationKey(reconciliation.id))),
      ],
    ),
    section(
      'Diagnoses',
      LOINC.diagnoses,
      packet.diagnoses.map((diagnosis) => `${diagnosis.icd10} ${diagnosis.description}${diagnosis.qualifying ? ' (qualifying)' : ''}.`),
      packet.diagnoses.map((_diagnosis, index) => entries.ref(conditionKey(index))),
    ),
    section(
      'Initiating visit',
      LOINC.initiatingVisit,
      initiatingVisit ? [`${initiatingVisit.kind} on ${initiatingVisit.visitDate} with ${initiatingVisit.practitioner.name}.`] : [],
      initiatingVisit ? [entries.ref(INITIATING_VISIT_KEY)] : [],
    ),
    section(
      'Medications',
      LOINC.medications,
      packet.medicationReconciliations.map(
        (reconciliation) =>
          `Reconciled ${reconciliation.reconciledAt} by ${reconciliation.performer.name}: ${reconciliation.medications.map((medication) => medication.name).join(', ') || 'no medications'}.`,
      ),
      packet.medicationReconciliations.map((reconciliation) => entries.ref(reconciliationKey(reconciliation.id))),
    ),
    section(
      'Care team',
      LOINC.careTeam,
      team.map((member) => member.line),
      // The CareTeam stands for each of its lines once.
      [...new Map(team.map((member) => [member.reference.reference, member.reference])).values()],
    ),
  ];
}

/** Who signs: the practice as an organisation by its NPI, or (a practice without a group NPI) the billing practitioner. */
function signer(entries: BundleEntries, packet: EvidencePacketDocument): Reference {
  const { practice, billingPractitioner } = packet;
  if (practice.npi)
    return { ...entries.ref(PRACTICE_KEY), identifier: { system: SYSTEMS.npi, value: practice.npi }, display: practice.name ?? practice.practiceId };
  return {
    ...entries.ref(practitionerKey(billingPractitioner.staffId)),
    ...(billingPractitioner.npi ? { identifier: { system: SYSTEMS.npi, value: billingPractitioner.npi } } : {}),
    display: billingPractitioner.name,
  };
}

/**
 * The packet as a FHIR R4 document: a Bundle of type `document` whose first entry is a Composition with sections
 * for the consent, the care plan, the time entries, the diagnoses, the initiating visit, the medications and the
 * care team, followed by the resources of the evidence bundle; signed at `signedAt` as Da Vinci CDex specifies.
 */
export function signedPacketDocument(packet: EvidencePacketDocument, registry: readonly Staff[], key: FhirSigningKey, signedAt: Date): Bundle {
  const entries = packetEntries(packet, registry);
  const { month } = packet;
  const scope = `${packet.patientId} ${month} ${packet.asOf.position}`;
  entries.add(
    'composition',
    {
      resourceType: 'Composition',
      identifier: { system: SYSTEMS.uri, value: `urn:uuid:${uuidV5(`evidence-composition ${scope}`)}` },
      status: 'final',
      type: { coding: [{ system: SYSTEMS.loinc, ...LOINC.document }], text: 'Chronic care management documentation' },
      subject: entries.ref(PATIENT_KEY),
      date: packet.asOf.recordedAt,
      author: [entries.ref(practitionerKey(packet.billingPractitioner.staffId)), entries.ref(PRACTICE_KEY)],
      title: `Chronic care management documentation, ${month}`,
      attester: [{ mode: 'official', time: signedAt.toISOString(), party: entries.ref(PRACTICE_KEY) }],
      custodian: entries.ref(PRACTICE_KEY),
      event: [{ period: { start: `${month}-01`, end: lastDayOfMonth(month) } }],
      section: sections(entries, packet),
    },
    'first',
  );
  const document: Bundle = withFhirStrings({
    resourceType: 'Bundle',
    meta: { profile: ['http://hl7.org/fhir/us/davinci-cdex/StructureDefinition/cdex-signature-bundle'] },
    identifier: { system: SYSTEMS.uri, value: `urn:uuid:${uuidV5(`evidence-document ${scope} ${signedAt.toISOString()}`)}` },
    type: 'document',
    timestamp: signedAt.toISOString(),
    entry: entries.all(),
  });
  return signDocument(document, key, signer(entries, packet), signedAt);
}
