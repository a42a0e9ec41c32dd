/**
 * The FHIR R4 types the bundle builder is checked against at compile time: the maintained definitions of
 * @types/fhir (`fhir/r4`), re-exported so the evidence code has one place to import them from.
 */
export type {
  Annotation,
  Bundle,
  BundleEntry,
  CareTeamParticipant,
  ClaimDiagnosis,
  CompositionSection,
  Duration,
  Extension,
  FhirResource,
  HumanName,
  Identifier,
  Money,
  Reference,
  Signature,
} from 'fhir/r4';
