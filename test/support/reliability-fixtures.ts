/**
 * Shared pieces of the reliability suites: a practice seeded through any GraphQL client (an in-process TestApp or a
 * child server), event-log reads straight from the SQLite file, and waiting until a server's read models have
 * applied its whole log.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { signDevToken } from '../../src/auth/dev-token';
import { TEST_SECRET, type GraphQLResponse } from './app-harness';
import { enrollInput } from './care-record-fixtures';
import { STAFF } from './care-record-events';
import { dumpReadModels } from './read-model-dump';

type Gql = <T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string) => Promise<GraphQLResponse<T>>;

export const CONFIGURE_PRACTICE = `mutation($input: ConfigurePracticeInput!) { configurePractice(input: $input) { id } }`;
export const REGISTER_STAFF = `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id } }`;
export const ENROLL = `mutation($input: EnrollPatientInput!) { enrollPatient(input: $input) { id } }`;
export const LOG_CALL_SHORT = `mutation($input: LogCallInput!) { logCall(input: $input) { id patientId minutes summary status } }`;
export const ACTIVITIES = `query($id: ID!) { patient(id: $id) { id activities { id minutes summary status startedAt } } }`;

export const token = (claims: Parameters<typeof signDevToken>[0], expiresIn: string | number = '1h') => signDevToken(claims, TEST_SECRET, expiresIn);

async function must(gql: Gql, query: string, input: object, bearer: string) {
  const response = await gql(query, { input }, bearer);
  if (response.errors || !response.data) throw new Error(`seeding refused: ${JSON.stringify(response.errors)}`);
  return response.data;
}

export interface SmallPractice {
  practiceId: string;
  admin: string;
  /** rn-b, CARE_MANAGER: logs calls. */
  nurse: string;
  compliance: string;
  patientIds: string[];
}

/** A practice with dr-a (MD, billing practitioner) and rn-b (RN) and `patients` enrolled patients. */
export async function seedSmallPractice(gql: Gql, patients: number, practiceId = `practice-${randomUUID().slice(0, 8)}`): Promise<SmallPractice> {
  const admin = await token({ sub: 'admin-1', roles: ['ADMIN'], practiceId });
  const nurse = await token({ sub: STAFF.rnB.staffId, roles: ['CARE_MANAGER'], practiceId });
  const compliance = await token({ sub: 'compliance-1', roles: ['COMPLIANCE_OFFICER'], practiceId });
  await must(gql, CONFIGURE_PRACTICE, { commandId: randomUUID(), name: 'Harbor Clinic', timeZone: 'America/New_York', npi: '1234567893' }, admin);
  for (const member of [STAFF.drA, STAFF.rnB]) {
    await must(
      gql,
      REGISTER_STAFF,
      { commandId: randomUUID(), staffId: member.staffId, name: member.name, credential: member.credential, npi: member.npi },
      admin,
    );
  }
  const patientIds: string[] = [];
  for (let i = 0; i < patients; i++) {
    const patientId = randomUUID();
    await must(gql, ENROLL, enrollInput(patientId, { medicareId: null }), admin);
    patientIds.push(patientId);
  }
  return { practiceId, admin, nurse, compliance, patientIds };
}

export interface LoggedEvent {
  position: bigint;
  streamId: string;
  revision: number;
  type: string;
  data: Record<string, any>;
  metadata: Record<string, any>;
}

/** Every event of DATA_DIR's events.db, in log order, read with a connection of its own (as an auditor would). */
export function readEventLog(dataDir: string): LoggedEvent[] {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    const rows = db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').all() as Record<string, any>[];
    return rows.map((row) => ({
      position: row.position as bigint,
      streamId: row.stream_id as string,
      revision: Number(row.revision),
      type: row.type as string,
      data: JSON.parse(row.data as string),
      metadata: JSON.parse(row.metadata as string),
    }));
  } finally {
    db.close();
  }
}

/** DATA_DIR's read models, table by table (the server must be stopped, or idle). */
export function dumpReadModelFile(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'read-models.db'), { readonly: true, fileMustExist: true });
  try {
    return dumpReadModels(db);
  } finally {
    db.close();
  }
}

/** The projection checkpoints of DATA_DIR's read models ({} before the engine created them). */
export function readCheckpoints(dataDir: string): Record<string, bigint | null> {
  const db = new Database(join(dataDir, 'read-models.db'), { readonly: true, fileMustExist: true });
  db.defaultSafeIntegers(true);
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'projection_checkpoints'").get();
    if (!exists) return {};
    const rows = db.prepare('SELECT name, position FROM projection_checkpoints').all() as { name: string; position: string | null }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.position === null ? null : BigInt(row.position)]));
  } catch {
    return {};
  } finally {
    db.close();
  }
}

interface Health {
  status: string;
  eventStore: { status: string };
  projections: { running: boolean; caughtUp: boolean; position?: string; headPosition: string | null; lagging: boolean; failed?: string };
}

export async function health(url: string): Promise<{ status: number; body: Health }> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Health };
}

/**
 * Resolves once the server's read models have applied its whole log and the log has stopped growing for `quietMs`
 * (the access log writes reads in the background, within 200 ms), or rejects after `timeoutMs`.
 */
export async function settle(url: string, { quietMs = 500, timeoutMs = 15_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stableSince: number | undefined;
  let lastHead: string | null | undefined;
  for (;;) {
    const { status, body } = await health(url);
    const done =
      status === 200 && body.projections.caughtUp && !body.projections.lagging && body.projections.position === (body.projections.headPosition ?? undefined);
    if (done && body.projections.headPosition === lastHead) {
      stableSince ??= Date.now();
      if (Date.now() - stableSince >= quietMs) return;
    } else {
      stableSince = undefined;
    }
    lastHead = body.projections.headPosition;
    if (Date.now() > deadline) throw new Error(`the server did not settle: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
