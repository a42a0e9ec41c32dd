import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROLES, type Role } from '../auth/actor';

/** Every setting CareLedger reads, validated once at start-up (README "Settings" lists them). */
export interface AppConfig {
  nodeEnv: string;
  production: boolean;
  port: number;
  dataDir: string;
  /** 'sqlite' (embedded, under dataDir) or an esdb:// connection string. */
  eventStoreUrl: string;
  sqliteSynchronous: 'FULL' | 'NORMAL';
  auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
  };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxFields: number;
    /** Operation cost bound (src/graphql/limits.ts costLimit) and the patient rows a whole-month read is costed at. */
    maxCost: number;
    monthRows: number;
    maxTokens: number;
    bodyLimitBytes: number;
    introspection: boolean;
    /** Live graphql-ws subscriptions one connection, and one token across its connections, may hold. */
    maxSubscriptions: { perSocket: number; perToken: number };
  };
  corsOrigins: string[];
  /**
   * How long a client may take to send a request's headers, and the whole request, before it is answered 408 and
   * the connection closed (a slow body otherwise holds a connection for Node's default 300 s).
   */
  httpTimeouts: { headersMs: number; requestMs: number };
  /** Requests per minute per token (subject and practice or payer); 0 turns the limit off (src/http/rate-limit.ts). */
  rateLimitPerMinute: number;
  /** How long a mutation waits for the projections to show its effect (read-your-writes). */
  readYourWritesTimeoutMs: number;
  /** Whether the program opens its own tasks in the background (src/task-rules): TASK_RULES=on|off. */
  taskRules: boolean;
  /** A directory of `<year>.json` fee schedules replacing the national ones (validated by the billing module at start). */
  billingFeeScheduleDir?: string;
  /**
   * PKCS#8 PEM file of the Ed25519 key that signs evidence packets. Required in production (the evidence module
   * refuses to start without it); elsewhere a key is generated once under dataDir and reused.
   */
  evidenceSigningKeyFile?: string;
  /**
   * PEM files of the EC P-256 (or RSA) key that signs FHIR documents (Bundle.signature, Da Vinci CDex) and of its
   * X.509 certificate. Required in production; elsewhere a key and a self-signed certificate are generated once under dataDir.
   */
  fhirSigningKeyFile?: string;
  fhirSigningCertificateFile?: string;
  /**
   * PAYER_ENDPOINTS (`payer-x=https://host/fhir,payer-y=...`): each payer's FHIR base URL, the only addresses CareLedger
   * ever sends documentation to (a CDex Task's PayerUrl must be its payer's). http is accepted outside production only.
   */
  payerEndpoints: ReadonlyMap<string, string>;
  /** Delivery to a payer endpoint: how long one attempt may take, and how many attempts before it is recorded as failed. */
  payerDelivery: { timeoutMs: number; attempts: number };
  /** The signed ledger (src/ledger): the checkpoints' origin line and key name, and how often heads are signed and checked. */
  /** `signHeads` is false only for tools that must not write to the log (the read-model rebuild). */
  ledger: { origin: string; headIntervalMs: number; selfCheckIntervalMs: number; signHeads: boolean };
  /**
   * The web console (src/console): the folder of its build, served at `/`, and outside production the development
   * identities its sign-in screen offers (CONSOLE_DEV_IDENTITIES `sub:ROLE,...` in CONSOLE_DEV_PRACTICE_ID, payer
   * users for CONSOLE_DEV_PAYER_ID). Production offers none.
   */
  console: { distDir: string; devIdentities: DevIdentity[] };
}

export interface DevIdentity {
  sub: string;
  roles: Role[];
  practiceId?: string;
  payerId?: string;
}

const DEFAULT_CONSOLE_DEV_IDENTITIES =
  'admin-1:ADMIN,cm-1:CARE_MANAGER,dr-1:PRACTITIONER,billing-1:BILLING,compliance-1:COMPLIANCE_OFFICER,payer-reviewer-1:PAYER';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Used only outside production, so `npm start` works with nothing configured; production refuses it. */
export const DEVELOPMENT_JWT_SECRET = 'careledger-development-secret-do-not-use-in-production';

/**
 * Secrets published with CareLedger (the development default, docker-compose's default): anyone can sign tokens with
 * them, so production refuses them.
 */
export const PUBLISHED_JWT_SECRETS: readonly string[] = [DEVELOPMENT_JWT_SECRET, 'careledger-compose-development-secret-change-me'];

/** A secret of one repeated character or of few distinct ones ("aaaa…", "abababab…") is guessable whatever its length. */
const MIN_DISTINCT_SECRET_CHARACTERS = 12;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error();
      return raw;
    } catch {
      problems.push(`${name} must be a ${protocols.join(' or ')} URL (got "${raw}")`);
      return undefined;
    }
  };

  const directory = (name: string): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const path = resolve(raw);
    if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) problems.push(`${name} must be an existing directory (got "${raw}")`);
    return path;
  };

  const file = (name: string): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const path = resolve(raw);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) problems.push(`${name} must be an existing file (got "${raw}")`);
    return path;
  };

  const payerEndpoints = new Map<string, string>();
  for (const item of (env.PAYER_ENDPOINTS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9._:@|-]{1,128})=(.+)$/.exec(item);
    const endpoint = match && payerEndpoint(match[2], production);
    if (!match || !endpoint)
      problems.push(`PAYER_ENDPOINTS must list payerId=${production ? 'https' : 'http(s)'}://host/path entries separated by commas (got "${item}")`);
    else if (payerEndpoints.has(match[1])) problems.push(`PAYER_ENDPOINTS names ${match[1]} twice`);
    else payerEndpoints.set(match[1], endpoint);
  }

  const eventStoreRaw = env.EVENT_STORE_URL ?? 'sqlite';
  if (eventStoreRaw !== 'sqlite' && !/^esdb(\+discover)?:\/\/.+/.test(eventStoreRaw)) {
    problems.push(`EVENT_STORE_URL must be "sqlite" or an esdb://host:port?tls=... connection string (got "${eventStoreRaw}")`);
  }

  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  const jwksUrl = url('AUTH_JWKS_URL', ['https:', 'http:']);
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push('AUTH_JWT_SECRET must be at least 32 characters');
  if (production && jwtSecret !== undefined && PUBLISHED_JWT_SECRETS.includes(jwtSecret)) {
    problems.push('AUTH_JWT_SECRET is a published development default: set a secret of your own in production');
  }
  if (production && jwtSecret !== undefined && new Set(jwtSecret).size < MIN_DISTINCT_SECRET_CHARACTERS) {
    problems.push(`AUTH_JWT_SECRET must have at least ${MIN_DISTINCT_SECRET_CHARACTERS} distinct characters in production`);
  }
  if (production && !jwtSecret && !jwksUrl) {
    problems.push('NODE_ENV=production needs real key material: set AUTH_JWKS_URL (with AUTH_ISSUER and AUTH_AUDIENCE) or AUTH_JWT_SECRET');
  }
  if (jwksUrl && (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE)) problems.push('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');

  const config: AppConfig = {
    nodeEnv,
    production,
    port: integer('PORT', 3000, 0, 65535),
    dataDir: resolve(env.DATA_DIR || './data'),
    eventStoreUrl: eventStoreRaw,
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    auth: {
      jwtSecret: jwtSecret ?? (production || jwksUrl ? undefined : DEVELOPMENT_JWT_SECRET),
      jwksUrl,
      issuer: env.AUTH_ISSUER || undefined,
      audience: env.AUTH_AUDIENCE || undefined,
    },
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    graphql: {
      maxDepth: integer('GRAPHQL_MAX_DEPTH', 12, 2, 50),
      maxAliases: integer('GRAPHQL_MAX_ALIASES', 30, 1, 1000),
      maxFields: integer('GRAPHQL_MAX_FIELDS', 1000, 10, 100_000),
      maxCost: integer('GRAPHQL_MAX_COST', 500_000, 1_000, 1_000_000_000),
      monthRows: integer('GRAPHQL_MONTH_ROWS', 2_000, 1, 1_000_000),
      maxTokens: integer('GRAPHQL_MAX_TOKENS', 20_000, 100, 1_000_000),
      bodyLimitBytes: integer('HTTP_BODY_LIMIT_BYTES', 1_000_000, 1_000, 50_000_000),
      introspection: !production,
      maxSubscriptions: {
        perSocket: integer('GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 20, 1, 10_000),
        perToken: integer('GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_TOKEN', 50, 1, 100_000),
      },
    },
    httpTimeouts: { headersMs: integer('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000), requestMs: integer('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000) },
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    // On by default in production only: tests, benchmarks and local tools send bursts from one token.
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', production ? 600 : 0, 0, 1_000_000),
    readYourWritesTimeoutMs: integer('READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60000),
    // Off by default under NODE_ENV=test: background appends would land in the middle of tests and benchmarks, which
    // run the rules when they mean to (TaskRuleRunner.run).
    taskRules: oneOf('TASK_RULES', ['on', 'off'], nodeEnv === 'test' ? 'off' : 'on') === 'on',
    billingFeeScheduleDir: directory('BILLING_FEE_SCHEDULE_DIR'),
    evidenceSigningKeyFile: file('EVIDENCE_SIGNING_KEY_FILE'),
    fhirSigningKeyFile: file('FHIR_SIGNING_KEY_FILE'),
    fhirSigningCertificateFile: file('FHIR_SIGNING_CERTIFICATE_FILE'),
    payerEndpoints,
    payerDelivery: { timeoutMs: integer('PAYER_DELIVERY_TIMEOUT_MS', 10_000, 100, 120_000), attempts: integer('PAYER_DELIVERY_ATTEMPTS', 3, 1, 10) },
    ledger: {
      origin: env.LEDGER_ORIGIN || 'careledger.local/ledger',
      headIntervalMs: integer('LEDGER_HEAD_INTERVAL_MS', 5 * 60_000, 1_000, 86_400_000),
      selfCheckIntervalMs: integer('LEDGER_SELF_CHECK_INTERVAL_MS', 15 * 60_000, 1_000, 86_400_000),
      signHeads: true,
    },
    console: {
      distDir: resolve(env.CONSOLE_DIST_DIR || 'console/dist'),
      devIdentities: production ? [] : devIdentities(env, problems),
    },
  };
  if (!/^[^\s+]+$/.test(config.ledger.origin)) problems.push(`LEDGER_ORIGIN must have no spaces or "+" (got "${config.ledger.origin}")`);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n - ${problems.join('\n - ')}`);
  return config;
}

/**
 * A payer's FHIR base URL, normalised (no trailing slash, no query or fragment, no credentials), or null when it is
 * not one CareLedger may send to.
 */
export function payerEndpoint(raw: string, production: boolean): string | null {
  try {
    const url = new URL(raw);
    if (!(url.protocol === 'https:' || (!production && url.protocol === 'http:')) || url.username || url.password || url.search || url.hash) return null;
    return url.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

/** `sub:ROLE` pairs; practice roles act in CONSOLE_DEV_PRACTICE_ID, PAYER users for CONSOLE_DEV_PAYER_ID. */
function devIdentities(env: NodeJS.ProcessEnv, problems: string[]): DevIdentity[] {
  const practiceId = env.CONSOLE_DEV_PRACTICE_ID || 'demo-practice';
  const payerId = env.CONSOLE_DEV_PAYER_ID || 'payer-1';
  return (env.CONSOLE_DEV_IDENTITIES || DEFAULT_CONSOLE_DEV_IDENTITIES)
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .flatMap((pair): DevIdentity[] => {
      const [sub, role] = pair.split(':');
      if (!sub || !(ROLES as readonly string[]).includes(role)) {
        problems.push(`CONSOLE_DEV_IDENTITIES must be sub:ROLE pairs with a role of ${ROLES.join(', ')} (got "${pair}")`);
        return [];
      }
      return [role === 'PAYER' ? { sub, roles: ['PAYER'], payerId } : { sub, roles: [role as Role], practiceId }];
    });
}

export const APP_CONFIG = Symbol('APP_CONFIG');
