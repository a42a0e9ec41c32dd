import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { REFUSAL_REASONS } from './refusal-reasons';

describe('refusal reasons', () => {
  const schema = parse(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
  const documented = schema.definitions.find(
    (node): node is EnumTypeDefinitionNode => node.kind === Kind.ENUM_TYPE_DEFINITION && node.name.value === 'RefusalReason',
  );

  it('are listed in the schema, each with a description, exactly as the server sends them', () => {
    expect(documented?.values?.map((value) => value.name.value).sort()).toEqual([...REFUSAL_REASONS].sort());
    expect(documented?.values?.filter((value) => !value.description?.value)).toEqual([]);
  });
});
