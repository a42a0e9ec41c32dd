import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

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

/** The cost of one operation's reads, in units of one field resolved once (see costLimit). */
export interface CostModel {
  maxCost: number;
  /** Rows a whole-month read is costed at: the patients of a large practice (one row each). */
  monthRows: number;
}

/** Reading and parsing one stored row (a page's, or a month's patient row: a JSON document of tens of fields), in field resolutions. */
export const ROW_READ_COST = 20;
/**
 * Evaluating one patient-month under another service year's rules (a what-if `ruleYear`): gathering its facts and
 * running the rules engine. Set so that one what-if month read with every field fits the default limit and a second
 * one does not: the 30 aliased what-ifs of issue #22 item 5 (3.1 s over 2,000 patients) are refused before running.
 */
export const WHAT_IF_ROW_COST = 150;

/**
 * Refuses an operation whose estimated cost exceeds `maxCost`, before anything runs. Each selected field costs 1,
 * times the rows of the lists around it, and each row read costs ROW_READ_COST more: a paged field (`first`) reads
 * its page size of rows (a literal, a variable's default, else the largest page a variable may ask for,
 * MAX_PAGE_SIZE; DEFAULT_PAGE_SIZE when absent); a month's patient rows (`BillingMonth.patients`) are `monthRows`
 * (fewer for a literal `first`);
 * a what-if (`ruleYear` given) adds WHAT_IF_ROW_COST per patient-month it evaluates. Other lists belong to one
 * record already read, so their fields count once each. Aliases multiply the cost, as they multiply the work.
 * Costs saturate, so a fragment bomb is measured in linear time.
 */
export function costLimit({ maxCost, monthRows }: CostModel) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = fragmentsOf(context);
    const cap = (value: number) => Math.min(value, maxCost + 1);
    const variableDefaults = new Map<string, ValueNode | undefined>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const variable of definition.variableDefinitions ?? []) variableDefaults.set(variable.variable.name.value, variable.defaultValue);
    }
    /** `first` as written (a literal or a variable's default); null: a variable without default; undefined: absent. */
    const firstOf = (node: FieldNode): ValueNode | null | undefined => {
      const value = node.arguments?.find((argument) => argument.name.value === 'first')?.value;
      return value?.kind === Kind.VARIABLE ? (variableDefaults.get(value.name.value) ?? null) : value;
    };
    const pageSize = (node: FieldNode): number => {
      const literal = firstOf(node);
      if (literal === null) return MAX_PAGE_SIZE;
      if (literal?.kind === Kind.INT) return Math.min(Number(literal.value), MAX_PAGE_SIZE);
      return DEFAULT_PAGE_SIZE;
    };
    // The month's patients are all of them unless a literal `first` says fewer (their page has no size limit).
    const monthPatientRows = (node: FieldNode): number => {
      const literal = firstOf(node);
      return literal?.kind === Kind.INT ? Math.min(Number(literal.value), monthRows) : monthRows;
    };
    const given = (node: FieldNode, name: string) =>
      node.arguments?.some((argument) => argument.name.value === name && argument.value.kind !== Kind.NULL) ?? false;

    const fragmentCosts = new Map<string, number>();
    const inProgress = new Set<string>();
    const costOf = (selectionSet: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): number => {
      if (!selectionSet) return 0;
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) total = cap(total + fieldCost(selection, parent));
        else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
          total = cap(total + costOf(selection.selectionSet, type ?? undefined));
        } else {
          const key = selection.name.value;
          let value = fragmentCosts.get(key);
          if (value === undefined) {
            if (inProgress.has(key)) value = 0;
            else {
              const fragment = fragments.get(selection.name.value);
              inProgress.add(key);
              value = costOf(fragment?.selectionSet, fragment ? (schema.getType(fragment.typeCondition.name.value) ?? undefined) : undefined);
              inProgress.delete(key);
              fragmentCosts.set(key, value);
            }
          }
          total = cap(total + value);
        }
      }
      return total;
    };
    const fieldCost = (node: FieldNode, parent: GraphQLNamedType | undefined): number => {
      const name = node.name.value;
      const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      const type = definition ? getNamedType(definition.type) : undefined;
      const coordinate = `${parent?.name}.${name}`;
      let own = 1;
      // Lists without a page argument (a connection's edges among them) add no factor of their own.
      let rows = 1;
      if (coordinate === 'BillingMonth.patients') rows = monthPatientRows(node);
      else if (definition?.args.some((argument) => argument.name === 'first')) rows = pageSize(node);
      if (rows > 1) own += rows * ROW_READ_COST;
      if (coordinate === 'Query.billingMonth' && given(node, 'ruleYear')) own += monthRows * WHAT_IF_ROW_COST;
      if (coordinate === 'Query.patientBillingMonth' && given(node, 'ruleYear')) own += WHAT_IF_ROW_COST;
      return cap(own + rows * costOf(node.selectionSet, type));
    };

    return {
      OperationDefinition(node) {
        const root =
          node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const cost = costOf(node.selectionSet, root ?? undefined);
        if (cost > maxCost)
          context.reportError(
            refuse(`The query's estimated cost is more than ${maxCost} (list pages, whole-month reads and what-if evaluations count their rows)`),
          );
      },
    };
  };
}
