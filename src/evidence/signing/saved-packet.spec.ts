import { generateKeyPairSync } from 'node:crypto';
import { marchSources } from '../../../test/support/evidence-march';
import { canonicalJson } from '../../kernel/canonical-json';
import { assemblePacket } from '../packet/assemble-packet';
import { EvidenceSigner } from './evidence-signer';
import { parsePublicKeys, parseSavedPacket, verifySavedPacket, type SavedPacket } from './saved-packet';

const signer = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
const otherSigner = new EvidenceSigner(generateKeyPairSync('ed25519').privateKey);
const packet = {
  patientId: '6f1d3c2a-8b7e-4f6a-9c1d-2e3f4a5b6c7d',
  month: '2026-03',
  asOf: { recordedAt: '2026-04-10T14:00:00.000Z', position: '42' },
  lines: [{ cptCode: '99490', units: 1 }],
  audit: { headHash: 'ab'.repeat(32) },
};
const json = canonicalJson(packet);
const saved: SavedPacket = { json, signature: signer.sign(json), kid: signer.kid };

/** Every way of changing one character of the signed json. */
const oneCharacterChanges = (text: string) => [
  text.replace('99490', '99491'),
  text.replace('"units":1', '"units":2'),
  text.replace('2026-03', '2026-04'),
  `${text} `,
];

describe('verifying a saved packet', () => {
  it('holds for the packet as signed, and reports what it is about', () => {
    expect(verifySavedPacket(saved, [otherSigner.publicJwk, signer.publicJwk])).toEqual({
      valid: true,
      packet: { patientId: packet.patientId, month: '2026-03', asOf: packet.asOf.recordedAt, auditHeadHash: packet.audit.headHash, citedEventsRecomputed: 0 },
    });
  });

  it('recomputes the hash of every cited event the packet carries, and fails when one does not match its data', () => {
    const real = assemblePacket(marchSources({ claim: true }));
    const signedReal = (document: unknown) => {
      const bytes = canonicalJson(document);
      return { json: bytes, signature: signer.sign(bytes), kid: signer.kid };
    };
    expect(verifySavedPacket(signedReal(real), [signer.publicJwk]).packet).toMatchObject({ citedEventsRecomputed: real.audit.events.length });
    // Signed by CareLedger, but one cited call's minutes differ from what its hash seals.
    const altered = structuredClone(real);
    const call = altered.audit.events.find((event) => event.eventType === 'CallLogged')!;
    call.data.minutes = 90;
    expect(verifySavedPacket(signedReal(altered), [signer.publicJwk])).toEqual({
      valid: false,
      problem: `cited event ${call.eventId} does not hash to the hash the packet gives it`,
    });
  });

  it('still verifies a format 1 packet a payer kept, reporting its generatedAt as the time it speaks for', () => {
    const { asOf: _asOf, ...rest } = packet;
    const formatOne = canonicalJson({ ...rest, format: 'careledger-evidence-packet/1', generatedAt: '2026-04-10T15:00:00.000Z' });
    expect(verifySavedPacket({ json: formatOne, signature: signer.sign(formatOne), kid: signer.kid }, [signer.publicJwk]).packet).toMatchObject({
      asOf: '2026-04-10T15:00:00.000Z',
    });
  });

  it.each(oneCharacterChanges(json))('fails when one character of the json changes (%#)', (altered) => {
    expect(altered).toHaveLength(json.length + (altered.endsWith(' ') ? 1 : 0));
    expect(verifySavedPacket({ ...saved, json: altered }, [signer.publicJwk])).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/signature does not match/),
    });
  });

  it("fails against another key, when the packet's key is not published, and when a published key was edited", () => {
    expect(verifySavedPacket({ ...saved, kid: otherSigner.kid }, [otherSigner.publicJwk]).problem).toMatch(/signature does not match/);
    expect(verifySavedPacket(saved, [otherSigner.publicJwk]).problem).toMatch(`no published key has kid ${signer.kid}`);
    const edited = { ...signer.publicJwk, x: otherSigner.publicJwk.x };
    expect(verifySavedPacket(saved, [edited]).problem).toMatch(/another thumbprint/);
  });

  it('refuses json that is validly signed but not canonical (CareLedger never signs such bytes)', () => {
    const loose = JSON.stringify(packet, null, 2);
    expect(verifySavedPacket({ json: loose, signature: signer.sign(loose), kid: signer.kid }, [signer.publicJwk]).problem).toMatch(/not in canonical form/);
  });

  it('reads the saved file as evidencePacket returns it, alone or inside the GraphQL response', () => {
    expect(parseSavedPacket(JSON.stringify(saved))).toEqual(saved);
    expect(parseSavedPacket(JSON.stringify({ data: { evidencePacket: { ...saved, month: '2026-03' } } }))).toEqual(saved);
    expect(() => parseSavedPacket(JSON.stringify({ json })).toString()).toThrow(/json, signature and kid/);
  });

  it('reads keys from a JWK, a JWK Set or the evidenceSigningKey response', () => {
    const jwk = signer.publicJwk;
    expect(parsePublicKeys(JSON.stringify(jwk))).toEqual([jwk]);
    expect(parsePublicKeys(JSON.stringify({ keys: [jwk, otherSigner.publicJwk] }))).toEqual([jwk, otherSigner.publicJwk]);
    expect(parsePublicKeys(JSON.stringify({ data: { evidenceSigningKey: { ...jwk, alg: 'EdDSA', use: 'sig' } } }))).toEqual([jwk]);
    expect(() => parsePublicKeys(JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'k' }))).toThrow(/Ed25519/);
  });
});
