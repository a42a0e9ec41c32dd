import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../test/support/event-store-fixtures';
import { oneCharacterChanged, runVerifyPacket } from '../../test/support/evidence-fixtures';
import { canonicalJson } from '../kernel/canonical-json';
import { EvidenceSigner } from './signing/evidence-signer';
import { publishedKey } from './signing/published-key';

describe('npm run verify-packet (with a key file)', () => {
  const dir = tempDir('careledger-verify-');
  const signer = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
  const json = canonicalJson({
    patientId: 'pat-1',
    month: '2026-03',
    generatedAt: '2026-04-10T14:00:00.000Z',
    lines: [{ cptCode: '99490', units: 1 }],
    audit: { headHash: 'f'.repeat(64) },
  });
  const file = (name: string, content: unknown) => {
    const path = join(dir.path, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const keyFile = file('key.json', publishedKey(signer.publicJwk));
  afterAll(() => dir.remove());

  it('says VALID and what the packet is about, exit 0', async () => {
    const result = await runVerifyPacket([file('packet.json', { json, signature: signer.sign(json), kid: signer.kid }), '--jwk', keyFile]);
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(
        `VALID: evidence packet of patient pat-1 for 2026-03, record as of 2026-04-10T14:00:00.000Z, signed by key ${signer.kid}`,
      ),
    });
  }, 20_000);

  it('says NOT VALID for a one-character change, exit 1', async () => {
    const result = await runVerifyPacket([
      file('altered.json', { json: oneCharacterChanged(json), signature: signer.sign(json), kid: signer.kid }),
      '--jwk',
      keyFile,
    ]);
    expect(result).toMatchObject({ code: 1, stdout: expect.stringMatching(/^NOT VALID: the signature does not match/) });
  }, 20_000);

  it('--help says what it checks, which keys it takes and its exit codes, exit 0', async () => {
    const result = await runVerifyPacket(['--help']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: npm run verify-packet -- packet.json/) });
    expect(result.stdout).toMatch(/--jwk key.json[\s\S]*--url base[\s\S]*Exit status: 0 valid, 1 not valid, 2/);
  }, 20_000);

  it('refuses to guess: without a key source it prints the usage, exit 2', async () => {
    const result = await runVerifyPacket([file('packet2.json', { json, signature: signer.sign(json), kid: signer.kid })]);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/^usage: npm run verify-packet -- packet.json/) });
  }, 20_000);
});
