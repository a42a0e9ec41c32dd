import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Context } from 'graphql-ws';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import type { Actor } from '../../auth/actor';
import type { TokenVerifier } from '../../auth/token-verifier';
import { actorKey } from '../../http/rate-limit';
import { formatGraphQLError } from '../errors';
import type { GraphQLRequestContext } from '../request-context';

/*
 * Who may use a graphql-ws connection, and for how long: the identity is the token of `connection_init`, it ends
 * when that token expires, and one connection or one token holds a bounded number of live subscriptions.
 */

type ConnectionParams = Record<string, unknown> | undefined;
/** What an authenticated connection carries in graphql-ws's `extra`, besides its socket. */
export type SessionExtra = { session: Session };
type SocketExtra = { socket: WebSocket } & Partial<SessionExtra>;
type WsContext = Context<ConnectionParams, SocketExtra>;

export interface Session {
  actor: Actor;
  /** When the token expires, ms since the epoch. */
  expiresAt: number;
  expiryTimer: NodeJS.Timeout;
}

/** graphql-ws close codes: 4401 Unauthorized (also on expiry), 4403 Forbidden (no valid token at connect). */
export const TOKEN_EXPIRED_CLOSE = { code: 4401, reason: 'The bearer token has expired' } as const;

export interface SubscriptionCaps {
  perSocket: number;
  perToken: number;
}

/** The bearer token of a graphql-ws connection: `authorization` (or `Authorization`) in the connection params. */
export function authorizationOf(params: ConnectionParams): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/** A subscription operation's GraphQL context, shaped like an HTTP request's, with the actor verified at connect. */
export function subscriptionContext(connection: {
  connectionParams?: ConnectionParams;
  extra?: Partial<SocketExtra>;
}): GraphQLRequestContext & { actor?: Actor } {
  return { authorization: authorizationOf(connection.connectionParams), actor: connection.extra?.session?.actor };
}

const refusal = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * graphql-ws server hooks for sessions: a connection without a valid token is refused at once (close code 4403);
 * an accepted one is closed when its token expires (4401), and every subscribe re-checks the expiry, so an expired
 * token never starts a subscription. Each subscribe is refused with RATE_LIMITED beyond `caps.perSocket` live
 * subscriptions on the connection or `caps.perToken` across the token's connections. Results leave with the same
 * error codes as over HTTP (graphql-ws does not run Apollo's formatError). Roles and practice scoping are checked
 * per operation by the same guard and resolvers as queries.
 */
export function graphqlWsSessions(verifier: TokenVerifier, logger: Logger, caps: SubscriptionCaps, now: () => number = Date.now) {
  const format = formatGraphQLError(logger);
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));
  /** The open connections of each token, to count its live subscriptions across them. */
  const connectionsOfToken = new Map<string, Set<WsContext>>();
  const liveSubscriptions = (context: WsContext) => Object.keys(context.subscriptions).length;
  const actors = new WeakMap<WebSocket, Actor>();

  const end = (context: WsContext) => {
    const session = context.extra.session;
    if (!session) return;
    clearTimeout(session.expiryTimer);
    const key = actorKey(session.actor);
    const connections = connectionsOfToken.get(key);
    connections?.delete(context);
    if (connections?.size === 0) connectionsOfToken.delete(key);
  };

  return {
    onConnect: async (context: WsContext): Promise<boolean> => {
      let verified: Awaited<ReturnType<TokenVerifier['verifySession']>>;
      try {
        verified = await verifier.verifySession(authorizationOf(context.connectionParams));
      } catch {
        return false;
      }
      const { socket } = context.extra;
      const expiryTimer = setTimeout(() => socket.close(TOKEN_EXPIRED_CLOSE.code, TOKEN_EXPIRED_CLOSE.reason), Math.max(0, verified.expiresAt - now()));
      expiryTimer.unref();
      context.extra.session = { ...verified, expiryTimer };
      actors.set(socket, verified.actor);
      const key = actorKey(verified.actor);
      connectionsOfToken.set(key, (connectionsOfToken.get(key) ?? new Set()).add(context));
      return true;
    },
    /** Runs before the document is parsed: refusals here cost nothing. The subscription being started is counted. */
    onSubscribe: (context: WsContext): readonly GraphQLError[] | undefined => {
      const { session, socket } = context.extra;
      // A socket being closed (token expired, message rate exceeded) starts nothing more.
      if (socket.readyState !== socket.OPEN) return refusal('The connection is closing', 'RATE_LIMITED');
      if (!session || session.expiresAt <= now()) {
        socket.close(TOKEN_EXPIRED_CLOSE.code, TOKEN_EXPIRED_CLOSE.reason);
        return refusal('The bearer token has expired', 'UNAUTHENTICATED');
      }
      if (liveSubscriptions(context) > caps.perSocket) return refusal(`At most ${caps.perSocket} subscriptions per connection`, 'RATE_LIMITED');
      const ofToken = [...(connectionsOfToken.get(actorKey(session.actor)) ?? [])].reduce((sum, connection) => sum + liveSubscriptions(connection), 0);
      if (ofToken > caps.perToken) return refusal(`At most ${caps.perToken} subscriptions per token`, 'RATE_LIMITED');
      return undefined;
    },
    onClose: (context: WsContext) => end(context),
    /** The authenticated caller of a socket (for the message rate limit). */
    actorOf: (socket: WebSocket): Actor | undefined => actors.get(socket),
    onNext: (_context: WsContext, _id: string, _payload: unknown, _args: unknown, result: ExecutionResult) =>
      result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,
  };
}
