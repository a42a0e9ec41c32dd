import type { ApolloServerPlugin } from '@apollo/server';
import {
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/**
 * Large lists of plain objects (a billing month of 10,000 patients) answered without graphql-js completing every
 * field of every item: the selection under the list is compiled once per document into a function that copies the
 * selected properties, the list field resolves to [] for graphql-js, and the projected items are put back at the
 * field's path just before the response is serialised. The answer is the one graphql-js would give: leaves go through
 * their type's `serialize`, and anything the compiled form does not mirror exactly (a field with a resolver or
 * arguments, a directive, an abstract type, a null where the schema says non-null, a function property) falls back to
 * the ordinary execution of that list. Where no plugin collects the projections (graphql-ws), lists execute as usual.
 */

type Project = (value: unknown) => unknown;
type PathKey = string | number;
interface Splice {
  path: PathKey[];
  items: unknown[];
}

const SPLICES = Symbol('projectedListSplices');
/** Thrown inside a projection where graphql-js would answer differently (an error, a resolver): the list executes as usual. */
const FALLBACK = Symbol('projectionFallback');
/** No compiled form for this selection (see the header). */
const UNSUPPORTED = null;

interface Carrier {
  [SPLICES]?: Splice[];
}

/** Compiled projections by the list field's first node (documents are parsed once and cached by Apollo). */
const compiled = new WeakMap<FieldNode, { nodes: readonly FieldNode[]; project: Project | typeof UNSUPPORTED }>();

/**
 * The list to hand graphql-js for `items` at `info`: [] when the projected items were set aside for the response,
 * otherwise `items` themselves (ordinary execution).
 */
export function projectedList<T>(items: T[], info: GraphQLResolveInfo, context: object): T[] | [] {
  const splices = (context as Carrier)[SPLICES];
  if (!splices) return items;
  const project = projectionFor(info);
  if (!project) return items;
  let projected: unknown;
  try {
    projected = project(items);
  } catch (error) {
    if (error === FALLBACK) return items;
    throw error;
  }
  splices.push({ path: pathOf(info.path), items: projected as unknown[] });
  return [];
}

/** Collects the projections of a request and puts them into its result before Apollo serialises it. */
export function projectedListsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ contextValue }) {
      const placeInto = collectProjectedLists(contextValue);
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') placeInto(response.body.singleResult.data);
        },
      };
    },
  };
}

/**
 * Lets `projectedList` set lists aside for the operation run with `context`; the function returned puts them into
 * that operation's `data` (where the lists resolved to []).
 */
export function collectProjectedLists(context: object): (data: unknown) => void {
  const splices: Splice[] = [];
  Object.defineProperty(context, SPLICES, { value: splices });
  return (data) => {
    for (const { path, items } of splices) place(data, path, items);
  };
}

function place(data: unknown, path: PathKey[], items: unknown[]) {
  let parent = data as Record<PathKey, unknown> | null | undefined;
  for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<PathKey, unknown> | null | undefined;
  // An error elsewhere may have nulled an ancestor: then the list is not in the answer at all.
  const last = path[path.length - 1];
  if (parent && Array.isArray(parent[last])) parent[last] = items;
}

function pathOf(path: GraphQLResolveInfo['path']): PathKey[] {
  const keys: PathKey[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = path; at; at = at.prev) keys.unshift(at.key);
  return keys;
}

function projectionFor(info: GraphQLResolveInfo): Project | typeof UNSUPPORTED {
  const first = info.fieldNodes[0];
  const cached = compiled.get(first);
  if (cached && cached.nodes.length === info.fieldNodes.length && cached.nodes.every((node, i) => node === info.fieldNodes[i])) return cached.project;
  const project = compileValue(info.returnType, info.fieldNodes, info.fragments);
  compiled.set(first, { nodes: [...info.fieldNodes], project });
  return project;
}

function compileValue(type: GraphQLOutputType, nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Project | typeof UNSUPPORTED {
  if (isNonNullType(type)) {
    const inner = compileValue(type.ofType, nodes, fragments);
    if (!inner) return UNSUPPORTED;
    return (value) => {
      const completed = inner(value);
      if (completed === null) throw FALLBACK;
      return completed;
    };
  }
  if (isListType(type)) {
    const item = compileValue(type.ofType, nodes, fragments);
    if (!item) return UNSUPPORTED;
    return (value) => {
      if (value === null || value === undefined) return null;
      if (!Array.isArray(value)) throw FALLBACK;
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) out[i] = item(value[i]);
      return out;
    };
  }
  if (isScalarType(type) || isEnumType(type)) {
    return (value) => {
      if (value === null || value === undefined) return null;
      let serialised: unknown;
      try {
        serialised = type.serialize(value);
      } catch {
        throw FALLBACK;
      }
      if (serialised === undefined) throw FALLBACK;
      return serialised;
    };
  }
  if (isObjectType(type)) return compileObject(type, nodes, fragments);
  return UNSUPPORTED;
}

function compileObject(type: GraphQLObjectType, nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): Project | typeof UNSUPPORTED {
  if (type.isTypeOf) return UNSUPPORTED;
  const byKey = new Map<string, FieldNode[]>();
  for (const node of nodes) {
    if (node.selectionSet && !collect(type, node.selectionSet, fragments, byKey)) return UNSUPPORTED;
  }
  const fields: { key: string; read: (source: Record<string, unknown>) => unknown }[] = [];
  const definitions = type.getFields();
  for (const [key, fieldNodes] of byKey) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      fields.push({ key, read: () => type.name });
      continue;
    }
    const definition = definitions[name];
    if (!definition || definition.resolve || definition.args.length > 0) return UNSUPPORTED;
    const value = compileValue(definition.type, fieldNodes, fragments);
    if (!value) return UNSUPPORTED;
    fields.push({
      key,
      read: (source) => {
        const property = source[name];
        if (typeof property === 'function') throw FALLBACK;
        return value(property);
      },
    });
  }
  if (fields.length === 0) return UNSUPPORTED;
  return (source) => {
    if (source === null || source === undefined) return null;
    if (typeof source !== 'object') throw FALLBACK;
    const out: Record<string, unknown> = {};
    for (const field of fields) out[field.key] = field.read(source as Record<string, unknown>);
    return out;
  };
}

/** graphql-js's collectFields for an object type, refusing what would need variables or type resolution. */
function collect(
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  byKey: Map<string, FieldNode[]>,
): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.directives && selection.directives.length > 0) return false;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const group = byKey.get(key);
      if (group) group.push(selection);
      else byKey.set(key, [selection]);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
    if (!fragment || (fragment.kind === Kind.FRAGMENT_DEFINITION && fragment.directives && fragment.directives.length > 0)) return false;
    const condition = fragment.typeCondition?.name.value;
    // A condition naming an interface or union the type belongs to would need the schema's type relations.
    if (condition !== undefined && condition !== type.name) return false;
    if (!collect(type, fragment.selectionSet, fragments, byKey)) return false;
  }
  return true;
}
