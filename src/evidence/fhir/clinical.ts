import type { EvidencePacketDocument } from '../packet/evidence-packet';
import { BundleEntries, eventIdentifiers, narrative, staffIdReference } from './bundle-entries';
import { SYSTEMS } from './code-systems';
import { PATIENT_KEY, PRACTICE_KEY, practitionerKey } from './parties';
import type { Annotation } from './r4';

export const conditionKey = (index: number) => `condition ${index}`;
export const CONSENT_KEY = 'consent';
export const CARE_PLAN_KEY = 'care-plan';

/** One Condition per diagnosis of the month, coded in ICD-10-CM. */
export function addConditions(entries: BundleEntries, packet: EvidencePacketDocument): void {
  packet.diagnoses.forEach((diagnosis, index) => {
    const resolved = diagnosis.resolvedOn !== null;
    entries.add(conditionKey(index), {
      resourceType: 'Condition',
      identifier: eventIdentifiers(diagnosis.eventIds),
      clinicalStatus: { coding: [{ system: SYSTEMS.conditionClinical, code: resolved ? 'resolved' : 'active' }] },
      verificationStatus: { coding: [{ system: SYSTEMS.conditionVerification, code: 'confirmed' }] },
      category: [{ coding: [{ system: SYSTEMS.conditionCategory, code: 'problem-list-item' }] }],
      code: { coding: [{ system: SYSTEMS.icd10cm, code: diagnosis.icd10, display: diagnosis.description }], text: diagnosis.description },
      subject: entries.ref(PATIENT_KEY),
      ...(diagnosis.onset ? { onsetDateTime: diagnosis.onset } : {}),
      ...(resolved ? { abatementDateTime: diagnosis.resolvedOn! } : {}),
      recordedDate: diagnosis.recordedOn,
      note: [{ text: `Expected to last ${diagnosis.expectedDurationMonths} months; ${diagnosis.placesAtSignificantRisk ? 'places the patient at significant risk' : 'not documented as placing the patient at significant risk'}` }],
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
  const told = Object.entries(consent.disclosures).filter(([, disclosed]) => disclosed).map(([disclosure]) => disclosure);
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
      actor: [{ role: { coding: [{ system: SYSTEMS.participationType, code: 'PPRF' }] }, reference: staffIdReference(consent.billingPractitionerId) }],
    },
  });
}

/** The care plan in force at the end of the month, with its goals, interventions, revisions and shares. */
export function addCarePlan(entries: BundleEntries, packet: EvidencePacketDocument): void {
  const plan = packet.carePlan;
  if (!plan) return;
  const goals = plan.goals.map((goal, index) =>
    entries.add(`goal ${index}`, { resourceType: 'Goal', lifecycleStatus: 'active', description: { text: goal }, subject: entries.ref(PATIENT_KEY) }),
  );
  const contributors = [...new Set(plan.revisions.map((revision) => revision.revisedBy.staffId))].filter((staffId) => staffId !== plan.createdBy.staffId);
  const notes: Annotation[] = [
    { text: `Problems: ${plan.problems.join('; ')}` },
    { text: `Symptom management: ${plan.symptomManagement}` },
    { text: `Medication management: ${plan.medicationManagement}` },
    ...(plan.communityResources ? [{ text: `Community resources: ${plan.communityResources}` }] : []),
    ...(plan.coordinationNotes ? [{ text: `Coordination: ${plan.coordinationNotes}` }] : []),
    { text: `Review by ${plan.reviewBy}` },
    ...plan.revisions.map((revision) => ({
      time: revision.effectiveAt,
      authorReference: entries.ref(practitionerKey(revision.revisedBy.staffId)),
      text: `Version ${revision.version}${revision.substantial ? ' (substantial revision)' : ''}: ${revision.reason}; changed ${revision.changed.join(', ')}`,
    })),
    ...plan.shares.map((share) => ({ time: share.sharedAt, authorReference: staffIdReference(share.sharedBy), text: `Version ${share.version} shared with the patient via ${share.channel}` })),
  ];
  entries.add(CARE_PLAN_KEY, {
    resourceType: 'CarePlan',
    identifier: eventIdentifiers(plan.eventIds),
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
