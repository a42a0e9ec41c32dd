import { readStreamOrEmpty } from './support/event-store-reads';
import { ADAPTERS, newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';

const CONFIGURE = `mutation($input: ConfigurePracticeInput!) { configurePractice(input: $input) { id name timeZone npi taxId } }`;
const REGISTER = `mutation($input: RegisterStaffMemberInput!) { registerStaffMember(input: $input) { id name credential npi active } }`;
const STAFF = `{ staffMembers { id name credential npi active } }`;
const ME = `{ me { id roles practiceId payerId } }`;

const practiceInput = (overrides: Record<string, unknown> = {}) => ({
  commandId: newCommandId(),
  name: 'Maple Family Medicine',
  timeZone: 'America/New_York',
  npi: '1234567893',
  taxId: '12-3456789',
  ...overrides,
});
const staffInput = (overrides: Record<string, unknown> = {}) => ({
  commandId: newCommandId(),
  staffId: 'rn-1',
  name: 'Nurse One',
  credential: 'RN',
  ...overrides,
});

describe.each(ADAPTERS)('application core over HTTP on %s', (adapter) => {
  let app: TestApp;
  let admin: string;
  let nurse: string;

  beforeAll(async () => {
    app = await startTestApp(adapter);
    admin = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p1' });
    nurse = await app.token({ sub: 'rn-1', roles: ['CARE_MANAGER'], practiceId: 'p1' });
  });
  afterAll(() => app.close());

  it('answers `me` from the token', async () => {
    const response = await app.gql(ME, {}, nurse);
    expect(response.data?.me).toEqual({ id: 'rn-1', roles: ['CARE_MANAGER'], practiceId: 'p1', payerId: null });
  });

  it('configures the practice and reads it back at once (read-your-writes)', async () => {
    const response = await app.gql(CONFIGURE, { input: practiceInput() }, admin);
    expect(response.errors).toBeUndefined();
    expect(response.data?.configurePractice).toEqual({
      id: 'p1',
      name: 'Maple Family Medicine',
      timeZone: 'America/New_York',
      npi: '1234567893',
      taxId: '12-3456789',
    });
    const read = await app.gql(`{ practice { id name timeZone } }`, {}, nurse);
    expect(read.data?.practice).toEqual({ id: 'p1', name: 'Maple Family Medicine', timeZone: 'America/New_York' });
  });

  it('registers staff and lists them', async () => {
    const response = await app.gql(REGISTER, { input: staffInput() }, admin);
    expect(response.data?.registerStaffMember).toEqual({ id: 'rn-1', name: 'Nurse One', credential: 'RN', npi: null, active: true });
    const list = await app.gql(STAFF, {}, nurse);
    expect(list.data?.staffMembers).toContainEqual({ id: 'rn-1', name: 'Nurse One', credential: 'RN', npi: null, active: true });
  });

  it('a retried command appends nothing and returns the first result, even after other events landed', async () => {
    const input = staffInput({ staffId: 'dr-retry', name: 'Dr Retry', credential: 'MD', npi: '1234567893' });
    const first = await app.gql(REGISTER, { input }, admin);
    await app.gql(REGISTER, { input: staffInput({ staffId: 'ma-between', name: 'Between', credential: 'MA' }) }, admin);
    const before = await readStreamOrEmpty(app, 'practice-p1');
    const retry = await app.gql(REGISTER, { input }, admin);
    expect(retry.errors).toBeUndefined();
    expect(retry.data).toEqual(first.data);
    expect(await readStreamOrEmpty(app, 'practice-p1')).toHaveLength(before.length);
  });

  it('the same commandId with different input is BAD_USER_INPUT', async () => {
    const input = staffInput({ staffId: 'ma-1', name: 'Assistant', credential: 'MA' });
    expect(outcome(await app.gql(REGISTER, { input }, admin))).toBe('OK');
    const response = await app.gql(REGISTER, { input: { ...input, name: 'Someone Else' } }, admin);
    expect(outcome(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toMatch(/commandId/);
  });

  it('two concurrent commands on one stream both land', async () => {
    const [a, b] = await Promise.all([
      app.gql(REGISTER, { input: staffInput({ staffId: 'lpn-a', name: 'LPN A', credential: 'LPN' }) }, admin),
      app.gql(REGISTER, { input: staffInput({ staffId: 'lpn-b', name: 'LPN B', credential: 'LPN' }) }, admin),
    ]);
    expect([outcome(a), outcome(b)]).toEqual(['OK', 'OK']);
    const ids = (await app.gql(STAFF, {}, admin)).data?.staffMembers.map((member: { id: string }) => member.id);
    expect(ids).toEqual(expect.arrayContaining(['lpn-a', 'lpn-b']));
  });

  it('every event carries the metadata envelope and the hash chain links the stream', async () => {
    const events = await readStreamOrEmpty(app, 'practice-p1');
    expect(events.length).toBeGreaterThan(2);
    let previous: string | null = null;
    for (const event of events) {
      expect(event.metadata).toMatchObject({ actorId: 'admin-1', actorRoles: ['ADMIN'], practiceId: 'p1', schemaVersion: 1, previousHash: previous });
      expect(event.metadata.commandId).toEqual(expect.any(String));
      expect(event.metadata.correlationId).toEqual(expect.any(String));
      expect(event.metadata.causationId).toEqual(event.metadata.commandId);
      expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      previous = event.metadata.hash as string;
    }
  });

  it('X-Correlation-Id flows into the events', async () => {
    const correlationId = newCommandId();
    await app.gql(REGISTER, { input: staffInput({ staffId: 'ma-corr', name: 'Correlated', credential: 'MA' }) }, admin, { 'x-correlation-id': correlationId });
    const events = await readStreamOrEmpty(app, 'practice-p1');
    expect(events[events.length - 1].metadata.correlationId).toBe(correlationId);
  });

  describe('errors carry a stable code and no internals', () => {
    it.each([
      { label: 'no token', token: undefined, code: 'UNAUTHENTICATED' },
      { label: 'a garbage token', token: 'not-a-jwt', code: 'UNAUTHENTICATED' },
    ])('$label → $code', async ({ token, code }) => {
      const response = await app.gql(ME, {}, token);
      expect(outcome(response)).toBe(code);
    });

    it('an expired token is UNAUTHENTICATED', async () => {
      const expired = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p1' }, Math.floor(Date.now() / 1000) - 60);
      expect(outcome(await app.gql(ME, {}, expired))).toBe('UNAUTHENTICATED');
    });

    it('a token signed with another key is UNAUTHENTICATED', async () => {
      const { signDevToken } = await import('../src/auth/dev-token');
      const forged = await signDevToken({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p1' }, 'another-secret-that-is-long-enough-too!!');
      expect(outcome(await app.gql(ME, {}, forged))).toBe('UNAUTHENTICATED');
    });

    it('an unsigned token (alg: none) is UNAUTHENTICATED', async () => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'admin-1', roles: ['ADMIN'], practiceId: 'p1', exp: 9999999999 })}.`;
      expect(outcome(await app.gql(ME, {}, unsigned))).toBe('UNAUTHENTICATED');
    });

    it('a wrong role is FORBIDDEN and nothing is appended', async () => {
      const before = await readStreamOrEmpty(app, 'practice-p1');
      expect(outcome(await app.gql(CONFIGURE, { input: practiceInput({ name: 'Hijacked' }) }, nurse))).toBe('FORBIDDEN');
      expect(await readStreamOrEmpty(app, 'practice-p1')).toHaveLength(before.length);
    });

    it('invalid input is BAD_USER_INPUT naming the field', async () => {
      const response = await app.gql(CONFIGURE, { input: practiceInput({ timeZone: 'Mars/Base', npi: '1234567890' }) }, admin);
      expect(outcome(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/timeZone/);
      expect(response.errors?.[0].message).toMatch(/npi/);
    });

    it('a commandId that is not a UUID is BAD_USER_INPUT', async () => {
      expect(outcome(await app.gql(CONFIGURE, { input: practiceInput({ commandId: 'abc' }) }, admin))).toBe('BAD_USER_INPUT');
    });

    it('a domain rule is PRECONDITION_FAILED', async () => {
      const response = await app.gql(REGISTER, { input: staffInput({ staffId: 'rn-1' }) }, admin);
      expect(outcome(response)).toBe('PRECONDITION_FAILED');
    });

    it('another practice sees no practice of its own (NOT_FOUND), never the first one', async () => {
      const otherAdmin = await app.token({ sub: 'admin-2', roles: ['ADMIN'], practiceId: 'p2' });
      expect(outcome(await app.gql(`{ practice { id name } }`, {}, otherAdmin))).toBe('NOT_FOUND');
      expect((await app.gql(STAFF, {}, otherAdmin)).data?.staffMembers).toEqual([]);
    });

    it('a malformed query is BAD_USER_INPUT without a stack trace', async () => {
      const response = await app.gql(`{ me { id `, {}, admin);
      expect(outcome(response)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.js/);
    });

    it('alias flooding is refused', async () => {
      const tooDeep = `query { me { id } ${Array.from({ length: 31 }, (_v, i) => `a${i}: me { id }`).join(' ')} }`;
      expect(outcome(await app.gql(tooDeep, {}, admin))).toBe('BAD_USER_INPUT');
    });
  });
});
