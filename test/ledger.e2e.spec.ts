/**
 * The signed ledger over HTTP on the embedded store: a practice's March documented, closed and claimed; heads signed
 * at month close and claim submission and served as C2SP checkpoints that an outsider checks with TweetNaCl; packets
 * carrying inclusion proofs that an RFC 9162 verifier written in the tests accepts; and the insider who rewrites an
 * event in events.db and recomputes its stream's chain: per-stream verification still passes, but verify-ledger with
 * a checkpoint saved before names the rewritten leaf, /health answers 503, and the packet saved before still verifies.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCommandId, outcome, startTestApp, type TestApp } from './support/app-harness';
import { VERIFY_AUDIT_TRAIL } from './support/audit-fixtures';
import { CLOSE_BILLING_MONTH, PAYER_ID, seedMarch, SUBMIT_CLAIM, type MarchScenario } from './support/billing-fixtures';
import { mutate, seedPractice, type SeededPractice } from './support/care-record-fixtures';
import { tempDir } from './support/event-store-fixtures';
import { EVIDENCE_PACKET, EVIDENCE_SIGNING_KEY, payerVerifies } from './support/evidence-fixtures';
import { getText, LEDGER_HEAD, LEDGER_HEADS, outsiderReadsCheckpoint, publishedKeyX, rewriteEventAndRechain, runScript } from './support/ledger-fixtures';
import { rfcVerifyConsistency, rfcVerifyEventInclusion } from './support/rfc9162-verifier';

const NOW = new Date('2026-04-10T14:00:00Z');
const MARCH = '2026-03';
const VERIFY_LEDGER = 'src/ledger/verification/verify-ledger.cli.ts';
const BACKUP = 'src/ledger/backup/backup.cli.ts';

type Packet = Record<string, any>;

async function healthOnceChecked(app: TestApp): Promise<{ status: number; body: Record<string, any> }> {
  for (;;) {
    const response = await getText(app, '/health');
    const body = JSON.parse(response.text);
    if (body.ledger !== 'checking') return { status: response.status, body };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the signed ledger', () => {
  let app: TestApp;
  let practice: SeededPractice;
  let march: MarchScenario;
  let headsAfter: { seeded: number; closed: number; submitted: number };
  let packet: Packet;
  let key: { x: string; kid: string };
  const files = tempDir('careledger-ledger-e2e-');
  const headCount = async () => (await app.gql(LEDGER_HEADS, { first: 1 }, practice.tokens.billing)).data!.ledgerHeads.totalCount as number;
  const packetOf = async (patientId: string): Promise<Packet> => {
    const response = await app.gql(
      EVIDENCE_PACKET.replace('kid', 'kid ledgerHead { treeSize rootHash timestamp kid signature checkpoint }'),
      { patientId, month: MARCH },
      practice.tokens.payer,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.evidencePacket;
  };

  beforeAll(async () => {
    app = await startTestApp('sqlite', { clock: { now: () => NOW } });
    practice = await seedPractice(app);
    march = await seedMarch(app, practice);
    headsAfter = { seeded: await headCount(), closed: 0, submitted: 0 };
    await mutate(app, CLOSE_BILLING_MONTH, { commandId: newCommandId(), month: MARCH }, practice.tokens.billing);
    await waitFor(async () => (headsAfter.closed = await headCount()) > headsAfter.seeded);
    await mutate(app, SUBMIT_CLAIM, { commandId: newCommandId(), patientId: march.complex, month: MARCH, payerId: PAYER_ID }, practice.tokens.billing);
    await waitFor(async () => (headsAfter.submitted = await headCount()) > headsAfter.closed);
    packet = await packetOf(march.complex);
    key = await publishedKeyX(app);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  describe('heads', () => {
    it('signs a head at month close and another at claim submission', () => {
      expect(headsAfter.closed).toBeGreaterThan(headsAfter.seeded);
      expect(headsAfter.submitted).toBeGreaterThan(headsAfter.closed);
    });

    it('serves the latest head without a token as a C2SP checkpoint that TweetNaCl verifies with the key of /evidence/jwks.json', async () => {
      const response = await getText(app, '/ledger/checkpoint');
      expect(response.status).toBe(200);
      expect(response.type).toMatch(/^text\/plain/);
      const read = outsiderReadsCheckpoint(response.text, key.x);
      expect(read).toMatchObject({ origin: 'careledger.local/ledger', signatureValid: true });
      const { ledgerHead } = (await app.gql(LEDGER_HEAD, {}, practice.tokens.billing)).data!;
      expect(ledgerHead).toMatchObject({ treeSize: String(read.treeSize), rootHash: read.rootHash, kid: key.kid, checkpoint: response.text });
    });

    it('pages through every head, newest first, each extending the one before it (RFC 9162 consistency proof)', async () => {
      const all: { treeSize: string; rootHash: string }[] = [];
      let after: string | null = null;
      do {
        const page: any = (await app.gql(LEDGER_HEADS, { first: 2, after }, practice.tokens.billing)).data!.ledgerHeads;
        all.push(...page.edges.map((edge: any) => edge.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(all.length).toBe(headsAfter.submitted);
      const sizes = all.map((head) => Number(head.treeSize));
      expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      for (let i = 0; i + 1 < all.length; i++) {
        const [newer, older] = [all[i], all[i + 1]];
        const { proof } = JSON.parse((await getText(app, `/ledger/proof/consistency?from=${older.treeSize}&to=${newer.treeSize}`)).text);
        const verified = rfcVerifyConsistency(
          Number(older.treeSize),
          Number(newer.treeSize),
          Buffer.from(older.rootHash, 'base64'),
          Buffer.from(newer.rootHash, 'base64'),
          proof.map((hash: string) => Buffer.from(hash, 'base64')),
        );
        expect(verified).toBe(true);
      }
    });

    it('answers a malformed or impossible consistency request with BAD_USER_INPUT', async () => {
      for (const query of ['from=abc&to=3', 'from=5&to=2', 'to=3', 'from=1&to=99999999']) {
        const response = await getText(app, `/ledger/proof/consistency?${query}`);
        expect(response.status).toBe(400);
        expect(JSON.parse(response.text)).toMatchObject({ code: 'BAD_USER_INPUT' });
      }
    });
  });

  describe('evidence packets', () => {
    it('embed the head in the signed json and as ledgerHead, with an inclusion proof for every cited event that an RFC 9162 verifier accepts', () => {
      const signed = JSON.parse(packet.json);
      expect(signed.ledger.head).toEqual(packet.ledgerHead);
      expect(outsiderReadsCheckpoint(packet.ledgerHead.checkpoint, key.x).signatureValid).toBe(true);
      const cited = signed.audit.sourceEvents as { eventId: string; hash: string }[];
      expect(signed.ledger.proofs.map((proof: Packet) => [proof.eventId, proof.eventHash])).toEqual(cited.map((event) => [event.eventId, event.hash]));
      for (const proof of signed.ledger.proofs)
        expect(rfcVerifyEventInclusion(proof, Number(packet.ledgerHead.treeSize), packet.ledgerHead.rootHash)).toBe(true);
    });

    it('carry the same head and proofs when generated again after the log has grown', async () => {
      await mutate(app, SUBMIT_CLAIM, { commandId: newCommandId(), patientId: march.ready, month: MARCH, payerId: PAYER_ID }, practice.tokens.billing);
      const again = await packetOf(march.complex);
      expect(JSON.parse(again.json).ledger).toEqual(JSON.parse(packet.json).ledger);
    });
  });

  describe('an insider rewrites an event in events.db and recomputes its stream’s hash chain', () => {
    let saved: string;
    let savedPacket: Packet;
    let rewritten: { leafIndex: number; eventId: string };
    const verifyLedger = (log: string) => runScript(VERIFY_LEDGER, ['--checkpoint', saved, '--url', app.url, '--log', log]);
    // The auditor's copy of the log, taken with the backup command while the server serves.
    const copyOfLog = async (name: string) => {
      const copy = join(files.path, name);
      await runScript(BACKUP, [copy], { DATA_DIR: app.config.dataDir });
      return copy;
    };

    beforeAll(async () => {
      saved = join(files.path, 'saved-checkpoint.txt');
      writeFileSync(saved, (await getText(app, '/ledger/checkpoint')).text);
      savedPacket = packet;
      expect(await verifyLedger(await copyOfLog('before.db'))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^CONSISTENT/) });
      await app.stop();
      // Fifty minutes of complex care become ninety.
      rewritten = rewriteEventAndRechain(
        app.config.dataDir,
        `patient-${march.complex}`,
        (type, data) => type === 'CallLogged' && data.minutes === 50,
        (data) => (data.minutes = 90),
      );
      app = await startTestApp('sqlite', { clock: { now: () => NOW }, reuse: app });
    }, 120_000);

    it('still passes the stream’s own hash-chain verification', async () => {
      const response = await app.gql(VERIFY_AUDIT_TRAIL, { patientId: march.complex }, practice.tokens.compliance);
      expect(response.data!.verifyAuditTrail).toMatchObject({ valid: true, firstBrokenRevision: null });
    });

    it('makes verify-ledger with the checkpoint saved before exit 1, naming the rewritten leaf', async () => {
      const result = await verifyLedger(await copyOfLog('after.db'));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`first divergent leaf ${rewritten.leafIndex} (event ${rewritten.eventId}`);
    });

    it('makes /health answer 503 with ledger "mismatch", logged as an error without the record’s content', async () => {
      const health = await healthOnceChecked(app);
      expect(health).toMatchObject({ status: 503, body: { ledger: 'mismatch', status: 'degraded' } });
      const errors = app.logs.filter((line) => line.includes('no longer matches its signed tree heads'));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('')).not.toContain(march.complex);
    });

    it('refuses to sign a new packet over the rewritten record', async () => {
      const response = await app.gql(EVIDENCE_PACKET, { patientId: march.complex, month: MARCH }, practice.tokens.payer);
      expect(outcome(response)).toBe('PRECONDITION_FAILED');
      expect(response.errors![0].extensions).toMatchObject({ reason: 'LEDGER_MISMATCH' });
    });

    it('leaves the packet issued before verifiable, with the original minutes, against a head the server’s tree still extends', async () => {
      const { evidenceSigningKey } = (await app.gql(EVIDENCE_SIGNING_KEY, {}, practice.tokens.payer)).data!;
      expect(payerVerifies(savedPacket as never, evidenceSigningKey).signatureValid).toBe(true);
      const signed = JSON.parse(savedPacket.json);
      expect(signed.timeEntries.map((entry: Packet) => entry.minutes)).toContain(50);
      const head = signed.ledger.head;
      for (const proof of signed.ledger.proofs) expect(rfcVerifyEventInclusion(proof, Number(head.treeSize), head.rootHash)).toBe(true);
      const current = outsiderReadsCheckpoint((await getText(app, '/ledger/checkpoint')).text, key.x);
      const { proof } = JSON.parse((await getText(app, `/ledger/proof/consistency?from=${head.treeSize}&to=${current.treeSize}`)).text);
      expect(
        rfcVerifyConsistency(
          Number(head.treeSize),
          current.treeSize,
          Buffer.from(head.rootHash, 'base64'),
          Buffer.from(current.rootHash, 'base64'),
          proof.map((hash: string) => Buffer.from(hash, 'base64')),
        ),
      ).toBe(true);
    });
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met');
}
