import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Refuses documents nested deeper than `maxDepth` fields (fragments followed, cycles cut). */
export function depthLimit(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth = 0;
        if (selection.kind === Kind.FIELD) depth = selection.name.value.startsWith('__') ? 0 : 1 + depthOf(selection.selectionSet, seen);
        else if (selection.kind === Kind.INLINE_FRAGMENT) depth = depthOf(selection.selectionSet, seen);
        else if (!seen.has(selection.name.value)) {
          depth = depthOf(fragments.get(selection.name.value)?.selectionSet, new Set(seen).add(selection.name.value));
        }
        deepest = Math.max(deepest, depth);
        if (deepest > maxDepth) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        if (depthOf(node.selectionSet, new Set()) > maxDepth) {
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
