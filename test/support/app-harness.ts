import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { signDevToken, type DevTokenClaims } from '../../src/auth/dev-token';
import { createApp } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createLogger } from '../../src/config/logger';
import type { Clock } from '../../src/kernel/clock';
import { EsdbTestServer } from './esdb-test-server';
import { tempDir } from './event-store-fixtures';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** A running CareLedger on an ephemeral port, with its own data directory and captured logs. */
export interface TestApp {
  adapter: string;
  app: INestApplication;
  url: string;
  config: AppConfig;
  logs: string[];
  esdb?: EsdbTestServer;
  token(claims: DevTokenClaims, expiresIn?: string | number): Promise<string>;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Stops the app but keeps its data, so a new app can be started on the same log and read models. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export type AdapterName = 'sqlite' | 'eventstoredb';
export const ADAPTERS: AdapterName[] = ['sqlite', 'eventstoredb'];

export interface StartOptions {
  clock?: Clock;
  env?: Record<string, string>;
  /** Take over the data directory (and EventStoreDB test server) of a stopped app; close the new app only. */
  reuse?: TestApp;
}

export async function startTestApp(adapter: AdapterName, options: StartOptions = {}): Promise<TestApp> {
  const dataDir = options.reuse?.config.dataDir ?? tempDir().path;
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  // As a production node: BatchAppend, a 26.1 node's size limits, and its own `$` events in $all.
  const esdb = adapter === 'eventstoredb' ? (options.reuse?.esdb ?? (await EsdbTestServer.start({ systemEvents: true }))) : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'info',
    ...(esdb ? { EVENT_STORE_URL: esdb.connectionString } : {}),
    ...options.env,
  });
  const logs: string[] = options.reuse?.logs ?? [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await createApp(config, createLogger(config.logLevel, sink), options.clock);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    adapter,
    app,
    url,
    config,
    logs,
    esdb,
    token: (claims, expiresIn) => signDevToken(claims, TEST_SECRET, expiresIn),
    async gql(query, variables, token, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as GraphQLResponse;
      return { ...body, status: response.status } as GraphQLResponse<any>;
    },
    stop,
    /** Stops the app and frees its data directory and test server (also those inherited through `reuse`). */
    async close() {
      await stop();
      await esdb?.stop();
      removeDir();
    },
  };
}

export const newCommandId = () => randomUUID();

/** The error code of the first error, or 'OK' when there is none: lets tests assert outcomes in one line. */
export const outcome = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code ?? 'OK';
