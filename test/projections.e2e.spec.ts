import type { Database } from 'better-sqlite3';
import { ProjectionHost, READ_DB } from '../src/projections/projections.module';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { dumpReadModels } from './support/read-model-dump';

const CONFIGURE = `mutation($input: ConfigurePracticeInput!) { configurePractice(input: $input) { id } }`;
const REGISTER = `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id } }`;

describe.each(ADAPTERS)('projections on %s', (adapter) => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp(adapter);
    admin = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p1' });
    await app.gql(CONFIGURE, { input: { commandId: newCommandId(), name: 'Clinic', timeZone: 'America/Chicago' } }, admin);
    for (let i = 0; i < 20; i++) {
      const response = await app.gql(REGISTER, { input: { commandId: newCommandId(), staffId: `ma-${i}`, name: `Assistant ${i}`, credential: 'MA' } }, admin);
      expect(outcome(response)).toBe('OK');
    }
  });
  afterAll(() => app.close());

  it('a restart resumes from the checkpoint: nothing is re-applied and later events are applied once', async () => {
    const before = dumpReadModels(app.app.get<Database>(READ_DB));
    const position = app.app.get(ProjectionHost).engine.position();
    await app.stop();
    app = await startTestApp(adapter, { reuse: app });
    const host = app.app.get(ProjectionHost);
    expect(host.engine.position()).toBe(position);
    expect(dumpReadModels(app.app.get<Database>(READ_DB))).toEqual(before);
    const response = await app.gql(REGISTER, { input: { commandId: newCommandId(), staffId: 'ma-after', name: 'After Restart', credential: 'MA' } }, admin);
    expect(outcome(response)).toBe('OK');
    const staff = (await app.gql(`{ staffMembers { id } }`, {}, admin)).data?.staffMembers;
    expect(staff).toHaveLength(21);
  });

  it('a full rebuild from the log gives read models identical to the incrementally built ones', async () => {
    const db = app.app.get<Database>(READ_DB);
    const incremental = dumpReadModels(db);
    await app.app.get(ProjectionHost).engine.rebuild();
    expect(dumpReadModels(db)).toEqual(incremental);
  });

  it('the health endpoint reports the store and the projections', async () => {
    const response = await fetch(`${app.url}/health`);
    const body = (await response.json()) as { status: string; eventStore: { status: string }; projections: { caughtUp: boolean; lagging: boolean } };
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', eventStore: { status: 'up' }, projections: { caughtUp: true, lagging: false } });
  });
});
