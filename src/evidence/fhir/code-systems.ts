/** Identifier and code systems of the evidence bundle: the standard ones named by FHIR R4 and US realm guides. */
export const SYSTEMS = {
  /** Medicare Beneficiary Identifier. */
  mbi: 'http://hl7.org/fhir/sid/us-mbi',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  /** US Employer Identification Number (tax id). */
  ein: 'urn:oid:2.16.840.1.113883.4.4',
  cpt: 'http://www.ama-assn.org/go/cpt',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  /** An identifier whose value is a URI: `urn:uuid:<event id>` names the event an element comes from. */
  uri: 'urn:ietf:rfc:3986',
  ucum: 'http://unitsofmeasure.org',
  loinc: 'http://loinc.org',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  carePlanCategory: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
  listUse: 'http://terminology.hl7.org/CodeSystem/list-example-use-codes',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  claimCareTeamRole: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole',
  claimInformationCategory: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  listEmptyReason: 'http://terminology.hl7.org/CodeSystem/list-empty-reason',
} as const;

/** US Core 6.1.0 profiles, declared in meta.profile of the resources that have one. */
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition';
export const US_CORE_PROFILES = {
  Patient: `${US_CORE}/us-core-patient`,
  Organization: `${US_CORE}/us-core-organization`,
  Practitioner: `${US_CORE}/us-core-practitioner`,
  Coverage: `${US_CORE}/us-core-coverage`,
  Condition: `${US_CORE}/us-core-condition-problems-health-concerns`,
  CarePlan: `${US_CORE}/us-core-careplan`,
  Goal: `${US_CORE}/us-core-goal`,
  Encounter: `${US_CORE}/us-core-encounter`,
} as const;

/** `meta` declaring the resource type's US Core profile. */
export const usCore = (resourceType: keyof typeof US_CORE_PROFILES) => ({ meta: { profile: [US_CORE_PROFILES[resourceType]] } });

/**
 * CareLedger's own identifiers and codes, as URNs: they name things inside CareLedger (ids, enum values) and are not
 * meant to resolve. The extensions carry what R4 has no element for (a time entry's minutes and provenance).
 */
export const CARELEDGER = {
  patientId: 'urn:careledger:patient-id',
  practiceId: 'urn:careledger:practice-id',
  staffId: 'urn:careledger:staff-id',
  payerId: 'urn:careledger:payer-id',
  staffCredential: 'urn:careledger:staff-credential',
  careActivityKind: 'urn:careledger:care-activity-kind',
  initiatingVisitKind: 'urn:careledger:initiating-visit-kind',
  minutesExtension: 'urn:careledger:extension:time-entry-minutes',
  timeSourceExtension: 'urn:careledger:extension:time-source',
  countedExtension: 'urn:careledger:extension:minutes-counted',
  medicalDecisionMakingExtension: 'urn:careledger:extension:complex-medical-decision-making',
  careTeamRole: 'urn:careledger:care-team-role',
} as const;
