import { buildSchema, execute, GraphQLScalarType, parse, type ExecutionResult } from 'graphql';
import { collectProjectedLists, projectedList } from './projected-lists';

/**
 * A projected list answers what graphql-js answers, field for field and in the same order; what it does not mirror
 * exactly goes through ordinary execution.
 */
const schema = buildSchema(`
  scalar Stamp
  enum Colour { RED GREEN }
  type Line { code: String! units: Int! amount: Int }
  type Item { id: ID! colour: Colour! at: Stamp lines: [Line!]! best: Line tags: [String!]! total: Int! shouted(loud: Boolean): String }
  type Query { items: [Item!]! }
`);
// A custom scalar and an enum with internal values, as the app's DateTime and enums have.
const stamp = schema.getType('Stamp') as GraphQLScalarType;
stamp.serialize = (value: unknown) => new Date(value as number).toISOString();
(schema.getType('Colour') as unknown as { getValues(): { name: string; value: unknown }[] })
  .getValues()
  .forEach((value) => (value.value = value.name.toLowerCase()));

// The resolver of Query.items, as a slice's list field calls it.
let rows: unknown[] = [];
schema.getQueryType()!.getFields().items.resolve = (_root, _args, context: object, info) => projectedList(rows, info, context);

const row = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  colour: 'red',
  at: Date.UTC(2026, 2, 1),
  lines: [
    { code: '99490', units: 1, amount: 6000 },
    { code: '99439', units: 2, amount: null },
  ],
  best: null,
  tags: ['a', 'b'],
  total: 3,
  shouted: 'not this',
  ...extra,
});

async function run(document: string, projected: boolean): Promise<{ result: ExecutionResult; setAside: boolean }> {
  const context = {};
  const placeInto = projected ? collectProjectedLists(context) : () => undefined;
  const result = (await execute({ schema, document: parse(document), rootValue: {}, contextValue: context, variableValues: { yes: true } })) as ExecutionResult;
  // Set aside: graphql-js saw an empty list where there are rows.
  const setAside = rows.length > 0 && (result.data as { items?: unknown[] } | null)?.items?.length === 0;
  placeInto(result.data);
  return { result, setAside };
}

async function both(document: string, data: unknown[]) {
  rows = data;
  const plain = await run(document, false);
  const projected = await run(document, true);
  return { plain: plain.result, projected: projected.result, setAside: projected.setAside };
}

describe('projected lists', () => {
  it('answers a selection with aliases, fragments, merged fields and __typename exactly as graphql-js', async () => {
    const document = `query { items { __typename id kind: colour at ...F lines { code } lines { units amount } best { code } ... on Item { tags total } } }
      fragment F on Item { id lines { code units } }`;
    const { plain, projected, setAside } = await both(document, [row('1'), row('2', { best: { code: '99487', units: 1, amount: 1 }, at: null })]);
    expect(setAside).toBe(true);
    expect(JSON.stringify(projected)).toBe(JSON.stringify(plain));
    expect(plain.errors).toBeUndefined();
    expect((projected.data as { items: unknown[] }).items[1]).toMatchObject({ kind: 'RED', at: null, best: { code: '99487' } });
  });

  it('leaves to graphql-js a null where the schema says non-null, with the same error', async () => {
    const { plain, projected, setAside } = await both('{ items { id total } }', [row('1'), row('2', { total: null })]);
    expect(setAside).toBe(false);
    expect(plain.errors?.[0].message).toMatch(/non-nullable field Item.total/);
    expect(JSON.stringify(projected)).toBe(JSON.stringify(plain));
  });

  it('leaves to graphql-js directives, fields with arguments and values its scalars refuse', async () => {
    for (const [document, data] of [
      ['query($yes: Boolean!) { items { id tags @include(if: $yes) } }', [row('1')]],
      ['{ items { id shouted(loud: true) } }', [row('1')]],
      ['{ items { id total } }', [row('1', { total: 'three' })]],
    ] as const) {
      const { plain, projected, setAside } = await both(document, [...data]);
      expect(setAside).toBe(false);
      expect(JSON.stringify(projected)).toBe(JSON.stringify(plain));
    }
  });

  it('executes as usual where nothing collects the projections (graphql-ws)', async () => {
    rows = [row('1')];
    const result = (await execute({ schema, document: parse('{ items { id } }'), contextValue: {} })) as ExecutionResult;
    expect(result.data).toEqual({ items: [{ id: '1' }] });
  });
});
