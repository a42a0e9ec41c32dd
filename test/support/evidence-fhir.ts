/**
 * Structural checks of an evidence bundle, independent of the code that builds it: every reference resolves to an
 * entry of the bundle, fullUrls are unique `urn:uuid:` URIs matching the resource id, and each resource carries the
 * elements FHIR R4 (4.0.1) requires of it (cardinality 1..1 or 1..*, nested backbone elements included).
 */
type Json = Record<string, any>;

/** Required elements per resource type, as paths; `[]` walks every item of a list. */
export const R4_REQUIRED: Record<string, string[]> = {
  Patient: [],
  Practitioner: ['qualification[].code'],
  Organization: [],
  Coverage: ['status', 'beneficiary', 'payor'],
  Condition: ['subject'],
  Consent: ['status', 'scope', 'category', 'provision.actor[].role', 'provision.actor[].reference'],
  Goal: ['lifecycleStatus', 'description', 'subject'],
  CarePlan: ['status', 'intent', 'subject', 'activity[].detail.status', 'note[].text'],
  // R4 requires no element of a CareTeam; a participant with no member would name nobody.
  CareTeam: ['participant[].member'],
  Communication: ['status', 'payload[].contentString', 'extension[].url'],
  MedicationStatement: ['status', 'medicationCodeableConcept', 'subject'],
  List: ['status', 'mode', 'entry[].item'],
  Encounter: ['status', 'class'],
  Composition: ['status', 'type', 'date', 'author', 'title', 'attester[].mode'],
  Claim: [
    'status',
    'type',
    'use',
    'patient',
    'created',
    'provider',
    'priority',
    'insurance',
    'insurance[].sequence',
    'insurance[].focal',
    'insurance[].coverage',
    'item[].sequence',
    'item[].productOrService',
    'diagnosis[].sequence',
    'diagnosis[].diagnosisCodeableConcept',
    'careTeam[].sequence',
    'careTeam[].provider',
    'supportingInfo[].sequence',
    'supportingInfo[].category',
  ],
};

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Values at a path ('a.b[].c'); a missing step yields nothing, so absent optional parents are not reported. */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [value];
  const [step, ...rest] = path;
  const list = step.endsWith('[]');
  const child = (value as Json | undefined)?.[list ? step.slice(0, -2) : step];
  if (child === undefined) return rest.length === 0 ? [undefined] : [];
  if (list) return Array.isArray(child) ? child.flatMap((item) => valuesAt(item, rest)) : [undefined];
  return valuesAt(child, rest);
}

const isPresent = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/** Every `reference` string anywhere in the value, with where it was found. */
function referencesIn(value: unknown, where: string, found: { where: string; reference: string }[] = []): { where: string; reference: string }[] {
  if (Array.isArray(value)) value.forEach((item, index) => referencesIn(item, `${where}[${index}]`, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') found.push({ where, reference: child });
      else referencesIn(child, `${where}.${key}`, found);
    }
  }
  return found;
}

/** Every problem found; an empty list means the bundle is structurally sound. */
export function bundleProblems(bundle: Json): string[] {
  const problems: string[] = [];
  if (bundle.resourceType !== 'Bundle' || !['collection', 'document'].includes(bundle.type)) problems.push('not a Bundle of type collection or document');
  const entries: Json[] = bundle.entry ?? [];
  const fullUrls = new Set<string>();
  entries.forEach((entry, index) => {
    const { fullUrl, resource } = entry;
    if (!UUID_URN.test(fullUrl)) problems.push(`entry ${index}: fullUrl ${fullUrl} is not a urn:uuid`);
    if (fullUrls.has(fullUrl)) problems.push(`entry ${index}: fullUrl ${fullUrl} is not unique`);
    fullUrls.add(fullUrl);
    if (resource?.id !== String(fullUrl).slice('urn:uuid:'.length)) problems.push(`entry ${index}: resource id ${resource?.id} disagrees with its fullUrl`);
    const required = R4_REQUIRED[resource?.resourceType];
    if (!required) {
      problems.push(`entry ${index}: unexpected resource type ${resource?.resourceType}`);
      return;
    }
    for (const path of required) {
      if (valuesAt(resource, path.split('.')).some((value) => !isPresent(value))) problems.push(`${resource.resourceType} (entry ${index}) lacks ${path}`);
    }
  });
  for (const { where, reference } of referencesIn(entries, 'entry')) {
    if (!fullUrls.has(reference)) problems.push(`${where}: reference ${reference} does not resolve inside the bundle`);
  }
  return problems;
}

export const resourcesOf = (bundle: Json, type: string): Json[] =>
  (bundle.entry as Json[]).map((entry) => entry.resource).filter((resource) => resource.resourceType === type);

/** The resource an in-bundle reference points to. */
export const resolve = (bundle: Json, reference: { reference: string }): Json =>
  (bundle.entry as Json[]).find((entry) => entry.fullUrl === reference.reference)!.resource;
