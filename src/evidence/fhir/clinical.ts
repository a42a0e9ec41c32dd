import type { EvidencePacketDocument } from '../packet/evidence-packet';
import { BundleEntries, eventIdentifiers, narrative, staffNote, staffReference } from './bundle-entries';
import { CARELEDGER, SYSTEMS, usCore } from './code-systems';
import { PATIENT_KEY, PRACTICE_KEY, practitionerKey } from './parties';
import type { Annotation } from './r4';

export const conditionKey = (index: number) => `condition ${index}`;
export const CONSENT_KEY = 'consent';
export const CARE_PLAN_KEY = 'care-plan';
export const INITIATING_VISIT_KEY = 'initiating-visit';

/** One Condition per diagnosis of the month, coded in ICD-10-CM. */
export function addConditions(entries: BundleEntries, packet: EvidencePacketDocument): void {
  packet.diagnoses.forEach((diagnosis, index) => {
    const resolved = diagnosis.resolvedOn !== null;
    entries.add(conditionKey(index), {
      resourceType: 'Condition',
      ...usCore('Condition'),
      identifier: eventIdentifiers(diagnosis.eventIds),
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: resolved ? 'resolved' : 'active' }] },
      verificationStatus: { coding: [{ system: SYSTEMS.conditionVerification, code: 'confirmed' }] },
      category: [{ coding: [{ system: SYSTEMS.conditionCategory, code: 'problem-list-item' }] }],
      code: { coding: [{ system: SYSTEMS.icd10cm, code: diagnosis.icd10, display: diagnosis.description }], text: diagnosis.description },
      subject: entries.ref(PATIENT_KEY),
      ...(diagnosis.onset ? { onsetDateTime: diagnosis.onset } : {}),
      ...(resolved ? { abatementDateTime: diagnosis.resolvedOn! } : {}),
      recordedDate: diagnosis.recordedOn,
      note: [
        {
          text: `Expected to last ${diagnosis.expectedDurationMonths} months; ${diagnosis.placesAtSignificantRisk ? 'places the patient at significant risk' : 'not documented as placing the patient at significant risk'}`,
        },
      ],
    });
  });
}

/**
 * The consent to chronic care management: who gave it (the patient), to whom (the practice, for one billing
 * practitioner), when, how, and what the patient was told; a written consent points to its signed form.
 */
export function addConsent(entries: BundleEntries, packet: EvidencePacketDocument): void {
  const consent = packet.consent;
  if (!consent) return;
  const told = Object.entries(consent.disclosures)
    .filter(([, disclosed]) => disclosed)
    .map(([disclosure]) => disclosure);
  entries.add(CONSENT_KEY, {
    resourceType: 'Consent',
    identifier: eventIdentifiers(consent.eventIds),
    text: narrative([
      `${consent.method} consent to chronic care management given ${consent.givenAt}, recorded by ${consent.recordedBy}.`,
      `Disclosed to the patient: ${told.join(', ') || 'none'}.`,
      ...(consent.revokedAt ? [`Revoked ${consent.revokedAt} by ${consent.revokedBy}: ${consent.revocationReason}`] : []),
    ]),
    status: consent.revokedAt ? 'inactive' : 'active',
    scope: { coding: [{ system: SYSTEMS.consentScope, code: 'treatment' }] },
    category: [{ coding: [{ system: SYSTEMS.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: entries.ref(PATIENT_KEY),
    dateTime: consent.givenAt,
    performer: [entries.ref(PATIENT_KEY)],
    organization: [entries.ref(PRACTICE_KEY)],
    ...(consent.documentReference ? { sourceAttachment: { title: `Signed consent form ${consent.documentReference}` } } : {}),
    policyRule: { coding: [{ system: SYSTEMS.actCode, code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      period: { start: consent.givenAt, ...(consent.revokedAt ? { end: consent.revokedAt } : {}) },
      actor: [{ role: { coding: [{ system: SYSTEMS.participationType, code: 'PPRF' }] }, reference: staffReference(entries, consent.billingPractitionerId) }],
    },
  });
}

/** The care plan in force at the end of the month, with its goals, interventions, revisions and shares. */
export function addCarePlan(entries: BundleEntries, packet: EvidencePacketDocument): void {
  const plan = packet.carePlan;
  if (!plan) return;
  const goals = plan.goals.map((goal, index) =>
    entries.add(`goal ${index}`, {
      resourceType: 'Goal',
      ...usCore('Goal'),
      identifier: eventIdentifiers(plan.eventIds),
      lifecycleStatus: 'active',
      description: { text: goal },
      subject: entries.ref(PATIENT_KEY),
      startDate: plan.effectiveAt.slice(0, 10),
      target: [{ dueDate: plan.reviewBy }],
    }),
  );
  const contributors = [...new Set(plan.revisions.map((revision) => revision.revisedBy.staffId))].filter((staffId) => staffId !== plan.createdBy.staffId);
  const notes: Annotation[] = [
    { text: `Problems: ${plan.problems.join('; ')}` },
    { text: `Symptom management: ${plan.symptomManagement}` },
    { text: `Medication management: ${plan.medicationManagement}` },
    ...(plan.communityResources ? [{ text: `Community resources: ${plan.communityResources}` }] : []),
    ...(plan.coordinationNotes ? [{ text: `Coordination: ${plan.coordinationNotes}` }] : []),
    { text: `Review by ${plan.reviewBy}` },
    ...plan.revisions.map((revision) =>
      staffNote(
        entries,
        revision.revisedBy.staffId,
        `Version ${revision.version}${revision.substantial ? ' (substantial revision)' : ''}: ${revision.reason}; changed ${revision.changed.join(', ')}`,
        revision.effectiveAt,
      ),
    ),
    ...plan.shares.map((share) => staffNote(entries, share.sharedBy, `Version ${share.version} shared with the patient via ${share.channel}`, share.sharedAt)),
  ];
  entries.add(CARE_PLAN_KEY, {
    resourceType: 'CarePlan',
    ...usCore('CarePlan'),
    identifier: eventIdentifiers(plan.eventIds),
    // US Core asks for the plan in words: what a reviewer reads first (goals with their measures, interventions, review date).
    text: narrative([
      `Comprehensive care plan, version ${plan.version}, in force from ${plan.effectiveAt}; review by ${plan.reviewBy}.`,
      `Problems: ${plan.problems.join('; ')}.`,
      `Expected outcomes: ${plan.expectedOutcomes}`,
      `Measurable goals: ${plan.goals.join('; ')}.`,
      `Interventions: ${plan.interventions.join('; ')}.`,
      `Symptom management: ${plan.symptomManagement}`,
      `Medication management: ${plan.medicationManagement}`,
      ...plan.shares.map((share) => `Version ${share.version} given to the patient ${share.sharedAt} via ${share.channel}.`),
    ]),
    status: 'active',
    intent: 'plan',
    category: [{ coding: [{ system: SYSTEMS.carePlanCategory, code: 'assess-plan' }] }],
    title: `Comprehensive care plan, version ${plan.version}`,
    description: plan.expectedOutcomes,
    subject: entries.ref(PATIENT_KEY),
    period: { start: plan.effectiveAt },
    created: plan.effectiveAt,
    author: entries.ref(practitionerKey(plan.createdBy.staffId)),
    ...(contributors.length > 0 ? { contributor: contributors.map((staffId) => entries.ref(practitionerKey(staffId))) } : {}),
    addresses: packet.diagnoses.map((_diagnosis, index) => entries.ref(conditionKey(index))),
    goal: goals,
    activity: plan.interventions.map((intervention) => ({ detail: { status: 'in-progress' as const, description: intervention } })),
    note: notes,
  });
}

/** The initiating visit behind the month (ccm-rules §2) as an ambulatory Encounter with its practitioner. */
export function addInitiatingVisit(entries: BundleEntries, packet: EvidencePacketDocument): void {
  const visit = packet.initiatingVisit;
  if (!visit) return;
  entries.add(INITIATING_VISIT_KEY, {
    resourceType: 'Encounter',
    ...usCore('Encounter'),
    identifier: eventIdentifiers([visit.eventId]),
    status: 'finished',
    class: { system: SYSTEMS.actCode, code: 'AMB', display: 'ambulatory' },
    type: [{ coding: [{ system: CARELEDGER.initiatingVisitKind, code: visit.kind }], text: `Initiating visit (${visit.kind})` }],
    subject: entries.ref(PATIENT_KEY),
    participant: [
      { type: [{ coding: [{ system: SYSTEMS.participationType, code: 'PPRF' }] }], individual: entries.ref(practitionerKey(visit.practitioner.staffId)) },
    ],
    period: { start: visit.visitDate, end: visit.visitDate },
    serviceProvider: entries.ref(PRACTICE_KEY),
  });
}
