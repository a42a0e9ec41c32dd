import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/*
 * Limits on the shape of a document, checked during validation, before anything runs. Every limit refuses with
 * BAD_USER_INPUT and a message naming the limit. The work each rule does is linear in the size of the document:
 * a fragment is measured once and its measure reused wherever it is spread, so a "fragment bomb" (each fragment
 * spreading the next one twice) costs as little to refuse as it is short to write. The parser's token limit
 * (GRAPHQL_MAX_TOKENS, Apollo's parseOptions) bounds the document itself.
 */

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Measures selection sets with fragments followed, each fragment once. `field` combines a field with the measure of
 * its sub-selection, `combine` the measures of sibling selections. A fragment in a cycle (which graphql's own
 * NoFragmentCyclesRule refuses) measures as empty here, so the rule always terminates.
 */
function measurer(
  fragments: Map<string, FragmentDefinitionNode>,
  field: (name: string, inner: number) => number,
  combine: (measures: number[]) => number,
): (selectionSet: SelectionSetNode | undefined) => number {
  const known = new Map<string, number>();
  const inProgress = new Set<string>();
  const measure = (selectionSet: SelectionSetNode | undefined): number => {
    if (!selectionSet) return 0;
    const parts: number[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) parts.push(field(selection.name.value, measure(selection.selectionSet)));
      else if (selection.kind === Kind.INLINE_FRAGMENT) parts.push(measure(selection.selectionSet));
      else {
        const name = selection.name.value;
        let value = known.get(name);
        if (value === undefined) {
          if (inProgress.has(name)) value = 0;
          else {
            inProgress.add(name);
            value = measure(fragments.get(name)?.selectionSet);
            inProgress.delete(name);
            known.set(name, value);
          }
        }
        parts.push(value);
      }
    }
    return combine(parts);
  };
  return measure;
}

/** Refuses documents nested deeper than `maxDepth` fields (fragments followed, cycles cut; introspection fields do not count). */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const depthOf = measurer(
      fragmentsOf(context),
      (name, inner) => (name.startsWith('__') ? 0 : 1 + inner),
      (parts) => parts.reduce((deepest, depth) => Math.max(deepest, depth), 0),
    );
    return {
      OperationDefinition(node) {
        if (depthOf(node.selectionSet) > maxDepth) {
          context.reportError(refuse(`The query is nested more than ${maxDepth} levels deep`));
        }
      },
    };
  };
}

/** Refuses documents with more than `maxAliases` aliases (alias flooding multiplies the work of one request). */
export function aliasLimit(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias && ++aliases === maxAliases + 1) {
          context.reportError(refuse(`The query uses more than ${maxAliases} aliases`));
        }
      },
    };
  };
}

/**
 * A simple complexity bound: refuses an operation that selects more than `maxFields` fields once its fragments are
 * expanded (a fragment spread twice counts twice, as it is resolved twice). Counts saturate, so even an
 * exponential expansion is measured in linear time without overflowing.
 */
export function fieldLimit(maxFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const cap = (value: number) => Math.min(value, maxFields + 1);
    const fieldsOf = measurer(
      fragmentsOf(context),
      (_name, inner) => cap(1 + inner),
      (parts) => cap(parts.reduce((sum, count) => sum + count, 0)),
    );
    return {
      OperationDefinition(node) {
        if (fieldsOf(node.selectionSet) > maxFields) {
          context.reportError(refuse(`The query selects more than ${maxFields} fields`));
        }
      },
    };
  };
}
