import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import type { Logger } from 'pino';
import type { Actor } from '../../auth/actor';
import type { TokenVerifier } from '../../auth/token-verifier';
import { formatGraphQLError } from '../../graphql/errors';
import type { GraphQLRequestContext } from '../../graphql/request-context';

/*
 * GraphQL subscriptions over graphql-ws (billingProgress is the first). They live here until a second subscription
 * makes them worth a place in src/graphql.
 */

type ConnectionParams = Record<string, unknown> | undefined;
type SocketExtra = { actor?: Actor };
type WsContext = Context<ConnectionParams, unknown>;

/** The bearer token of a graphql-ws connection: `authorization` (or `Authorization`) in the connection params. */
export function authorizationOf(params: ConnectionParams): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/** A subscription operation's GraphQL context, shaped like an HTTP request's, with the actor verified at connect. */
export function subscriptionContext(connection: { connectionParams?: ConnectionParams; extra?: SocketExtra }): GraphQLRequestContext & { actor?: Actor } {
  return { authorization: authorizationOf(connection.connectionParams), actor: connection.extra?.actor };
}

/**
 * graphql-ws server options: a connection without a valid token is refused at once (close code 4403), and results
 * leave with the same error codes as over HTTP (graphql-ws does not run Apollo's formatError). Documents that fail
 * validation are answered by graphql-ws itself, without our codes (Nest does not pass graphql-ws's onError through). Roles and practice
 * scoping are checked per operation by the same guard and resolvers as queries.
 */
export function graphqlWsOptions(verifier: TokenVerifier, logger: Logger) {
  const format = formatGraphQLError(logger);
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));
  return {
    onConnect: async (context: WsContext): Promise<boolean> => {
      try {
        (context.extra as SocketExtra).actor = await verifier.verify(authorizationOf(context.connectionParams));
        return true;
      } catch {
        return false;
      }
    },
    onNext: (_context: WsContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
      result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,
  };
}
