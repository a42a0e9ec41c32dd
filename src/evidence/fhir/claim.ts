import { lastDayOfMonth } from '../../kernel/calendar';
import type { EvidencePacketDocument } from '../packet/evidence-packet';
import { BundleEntries, eventIdentifiers } from './bundle-entries';
import { CARE_PLAN_KEY, CONSENT_KEY } from './clinical';
import { SYSTEMS } from './code-systems';
import { COVERAGE_KEY, PATIENT_KEY, PAYER_KEY, PRACTICE_KEY, practitionerKey } from './parties';
import { communicationKey, reconciliationKey } from './time-entries';
import type { ClaimDiagnosis, Money, Reference } from './r4';

const usd = (cents: number): Money => ({ value: cents / 100, currency: 'USD' });

/**
 * The month's professional claim with its CPT lines: as submitted once it was (`active`), otherwise the lines the
 * month would bill (`draft`). None when nothing is billed or no payer is known (a Claim must name its coverage).
 * supportingInfo points to the evidence in the bundle: consent, care plan, calls and reconciliations.
 */
export function addClaim(entries: BundleEntries, packet: EvidencePacketDocument): void {
  if (packet.lines.length === 0 || !entries.has(COVERAGE_KEY)) return;
  const { claim, month } = packet;
  const codes = claim ? claim.diagnoses : packet.diagnoses.filter((diagnosis) => diagnosis.qualifying).map((diagnosis) => diagnosis.icd10);
  const diagnosis: ClaimDiagnosis[] = codes.map((code, index) => {
    const description = packet.diagnoses.find((documented) => documented.icd10 === code)?.description;
    return { sequence: index + 1, diagnosisCodeableConcept: { coding: [{ system: SYSTEMS.icd10cm, code, ...(description ? { display: description } : {}) }] } };
  });
  const evidence: Reference[] = [
    ...(entries.has(CONSENT_KEY) ? [entries.ref(CONSENT_KEY)] : []),
    ...(entries.has(CARE_PLAN_KEY) ? [entries.ref(CARE_PLAN_KEY)] : []),
    // Only calls whose minutes count support the claim: a voided or excluded call is in the bundle, not cited.
    ...packet.timeEntries
      .filter((entry) => entry.counted && entry.status !== 'VOIDED' && entries.has(communicationKey(entry.id)))
      .map((entry) => entries.ref(communicationKey(entry.id))),
    ...packet.medicationReconciliations.map((reconciliation) => entries.ref(reconciliationKey(reconciliation.id))),
  ];
  const servicedPeriod = { start: `${month}-01`, end: lastDayOfMonth(month) };
  entries.add('claim', {
    resourceType: 'Claim',
    identifier: eventIdentifiers(claim ? [claim.eventId] : []),
    status: claim ? 'active' : 'draft',
    type: { coding: [{ system: SYSTEMS.claimType, code: 'professional' }] },
    use: 'claim',
    patient: entries.ref(PATIENT_KEY),
    billablePeriod: servicedPeriod,
    created: claim ? claim.submittedAt : packet.asOf.recordedAt,
    insurer: entries.ref(PAYER_KEY),
    provider: entries.ref(PRACTICE_KEY),
    priority: { coding: [{ system: SYSTEMS.processPriority, code: 'normal' }] },
    careTeam: [
      {
        sequence: 1,
        provider: entries.ref(practitionerKey(packet.billingPractitioner.staffId)),
        role: { coding: [{ system: SYSTEMS.claimCareTeamRole, code: 'primary' }] },
      },
    ],
    supportingInfo: evidence.map((valueReference, index) => ({
      sequence: index + 1,
      category: { coding: [{ system: SYSTEMS.claimInformationCategory, code: 'info' }] },
      valueReference,
    })),
    diagnosis,
    insurance: [{ sequence: 1, focal: true, coverage: entries.ref(COVERAGE_KEY) }],
    item: packet.lines.map((line, index) => ({
      sequence: index + 1,
      careTeamSequence: [1],
      diagnosisSequence: diagnosis.map((entry) => entry.sequence),
      productOrService: { coding: [{ system: SYSTEMS.cpt, code: line.cptCode }] },
      servicedPeriod,
      quantity: { value: line.units },
      ...(line.amountKnown && line.unitAmountCents !== null ? { unitPrice: usd(line.unitAmountCents), net: usd(line.amountCents) } : {}),
    })),
    total: usd((claim ?? packet.billing).expectedPaymentCents),
  });
}
