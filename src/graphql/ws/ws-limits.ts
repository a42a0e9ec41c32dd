import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationContext,
} from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { formatGraphQLError } from '../errors';
import { aliasLimit, costLimit, depthLimit, fieldLimit } from '../limits';

/** graphql-ws carries subscriptions only: queries and mutations go over HTTP, where the rate and body limits apply. */
function subscriptionsOnly(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== 'subscription') {
        context.reportError(
          new GraphQLError(`Only subscriptions are served over WebSocket; send ${node.operation}s over HTTP`, {
            nodes: node,
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
    },
  };
}

/**
 * The same document limits on the WebSocket as over HTTP (graphql-ws parses and validates on its own, without
 * Apollo's settings): the token bound, depth, aliases, field count and cost, no introspection in production, and only
 * subscription operations. Refusals leave with the code BAD_USER_INPUT; errors of a running subscription go through
 * the same formatter as HTTP errors.
 */
export function graphqlWsLimits(config: AppConfig, logger: Logger) {
  const rules = [
    ...specifiedRules,
    subscriptionsOnly,
    depthLimit(config.graphql.maxDepth),
    aliasLimit(config.graphql.maxAliases),
    fieldLimit(config.graphql.maxFields),
    costLimit(config.graphql),
    ...(config.graphql.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
  const format = formatGraphQLError(logger, { hideSuggestions: config.production });
  const parseBounded = (source: string): DocumentNode => parse(source, { maxTokens: config.graphql.maxTokens });
  return {
    // A document that does not parse is answered as an error of the operation (graphql-ws would close the socket).
    onSubscribe: (_context: unknown, _id: string, payload: { query?: unknown }): readonly GraphQLError[] | undefined => {
      try {
        parseBounded(String(payload.query ?? ''));
        return undefined;
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('The document could not be parsed')];
      }
    },
    parse: (source: string | { body: string }): DocumentNode => parseBounded(typeof source === 'string' ? source : source.body),
    validate: (schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] => validate(schema, document, rules),
    // Refusals of our own (limits, sessions) carry their code; graphql-js's validation errors carry none.
    onError: (_context: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
      errors.map((error) => {
        if (error.originalError) return format(error.toJSON(), error);
        if (error.extensions.code) return error.toJSON();
        return format({ ...error.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error);
      }),
  };
}
