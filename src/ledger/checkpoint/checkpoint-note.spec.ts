import { createHash, generateKeyPairSync } from 'node:crypto';
import nacl from 'tweetnacl';
import { EvidenceSigner } from '../../evidence/signing/evidence-signer';
import { checkpointBody, checkpointSignedBy, parseCheckpoint, signedCheckpoint } from './checkpoint-note';

const signer = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
const root = createHash('sha256').update('root').digest();
const origin = 'careledger.example/ledger';

function signed(treeSize: number) {
  const body = checkpointBody(origin, { treeSize, rootHash: root });
  return signedCheckpoint(body, origin, signer.publicKeyBytes, signer.signBytes(Buffer.from(body)));
}

describe('signed tree heads as C2SP checkpoints', () => {
  it('writes the checkpoint lines, a blank line and one signature line, as c2sp.org/tlog-checkpoint shows', () => {
    const lines = signed(1234).split('\n');
    expect(lines.slice(0, 4)).toEqual([origin, '1234', root.toString('base64'), '']);
    expect(lines[4]).toMatch(new RegExp(`^\u2014 ${origin.replace('.', '\\.')} [A-Za-z0-9+/]{91}=$`));
    expect(lines[5]).toBe('');
  });

  it('carries a signature that an independent Ed25519 implementation (TweetNaCl) accepts over the note text, behind the key hash of the signed-note spec', () => {
    const note = signed(7);
    const blob = Buffer.from(note.split('\n')[4].split(' ')[2], 'base64');
    const expectedKeyHash = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${origin}\n`), Buffer.from([1]), signer.publicKeyBytes]))
      .digest()
      .subarray(0, 4);
    expect(blob.subarray(0, 4).toString('hex')).toBe(expectedKeyHash.toString('hex'));
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    expect(nacl.sign.detached.verify(Buffer.from(text), blob.subarray(4), signer.publicKeyBytes)).toBe(true);
  });

  it('reads back what it wrote and accepts the signature of its key only, over the exact size and root', () => {
    const parsed = parseCheckpoint(signed(42));
    expect(parsed).toMatchObject({ origin, treeSize: 42, rootHash: root });
    expect(checkpointSignedBy(parsed, origin, signer.publicKeyBytes)).toBe(true);
    const stranger = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
    expect(checkpointSignedBy(parsed, origin, stranger.publicKeyBytes)).toBe(false);
    const grown = parseCheckpoint(signed(42).replace('\n42\n', '\n43\n'));
    expect(checkpointSignedBy(grown, origin, signer.publicKeyBytes)).toBe(false);
  });

  it('refuses text that is not a checkpoint', () => {
    expect(() => parseCheckpoint('hello\n')).toThrow(/signed note/);
    expect(() => parseCheckpoint(`${origin}\n-1\n${root.toString('base64')}\n\n\u2014 x AAAA\n`)).toThrow(/checkpoint/);
    expect(() => parseCheckpoint(`${origin}\n1\n${root.toString('base64')}\n\n\u2014 x AAAA\n`)).toThrow(/signature line/);
  });
});
