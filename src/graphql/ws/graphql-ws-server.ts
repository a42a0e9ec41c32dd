import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Actor } from '../../auth/actor';
import { TokenVerifier } from '../../auth/token-verifier';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { LOGGER } from '../../config/logger';
import { actorKey, TokenBuckets } from '../../http/rate-limit';
import { graphqlWsSessions, subscriptionContext, type SessionExtra } from './graphql-ws-auth';
import { graphqlWsLimits } from './ws-limits';

const GRAPHQL_PATH = '/graphql';
/** WebSocket close code 1008 (policy violation): the connection sent more messages than its rate allows. */
const TOO_MANY_MESSAGES = { code: 1008, reason: 'Too many messages' } as const;

/**
 * The graphql-ws endpoint (`/graphql`, subscriptions only), served here rather than by @nestjs/graphql, whose
 * WebSocket server cannot be configured: here no frame may be larger than HTTP_BODY_LIMIT_BYTES (the `ws` default
 * is 100 MiB, read in full even before `connection_init` is authenticated), each connection's messages spend the
 * token's RATE_LIMIT_PER_MINUTE like HTTP requests do (over it the socket is closed, 1008), and sessions are bounded
 * (graphql-ws-auth.ts). Documents meet the same limits as over HTTP (ws-limits.ts).
 */
@Injectable()
export class GraphQLWsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly wss: WebSocketServer;
  /** One bucket per caller across all its connections, like the HTTP rate limit's (a separate allowance). */
  private readonly messageBuckets?: TokenBuckets;
  private dispose?: () => Promise<void>;

  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.wss = new WebSocketServer({ noServer: true, path: GRAPHQL_PATH, maxPayload: config.graphql.bodyLimitBytes });
    if (config.rateLimitPerMinute > 0) this.messageBuckets = new TokenBuckets(config.rateLimitPerMinute);
  }

  onApplicationBootstrap(): void {
    const { config, logger } = this;
    const sessions = graphqlWsSessions(this.verifier, logger, config.graphql.maxSubscriptions);
    const limits = graphqlWsLimits(config, logger);
    const buckets = this.messageBuckets;
    if (buckets) this.wss.on('connection', (socket, request) => limitMessages(socket, request, buckets, sessions.actorOf));
    const server = useServer<Record<string, unknown> | undefined, SessionExtra>(
      {
        schema: this.schemaHost.schema,
        context: (context) => subscriptionContext(context),
        ...limits,
        ...sessions,
        onSubscribe: (context, id, payload) => sessions.onSubscribe(context) ?? limits.onSubscribe(context, id, payload),
      },
      this.wss,
    );
    this.dispose = async () => server.dispose();
    this.adapterHost.httpAdapter.getHttpServer().on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispose?.();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.wss.shouldHandle(request)) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }
}

/**
 * Each message spends a token from its caller's bucket: the token's identity once the connection is authenticated
 * (at `connection_init`), the client address before. Registered before graphql-ws's own listener, so an over-limit
 * socket is closed before the message is handled (and graphql-ws-auth.ts refuses subscribes on a closing socket).
 */
function limitMessages(socket: WebSocket, request: IncomingMessage, buckets: TokenBuckets, actorOf: (socket: WebSocket) => Actor | undefined): void {
  const address = `address:${request.socket.remoteAddress ?? 'unknown'}`;
  socket.on('message', () => {
    const actor = actorOf(socket);
    if (!buckets.take(actor ? actorKey(actor) : address).allowed) socket.close(TOO_MANY_MESSAGES.code, TOO_MANY_MESSAGES.reason);
  });
}
