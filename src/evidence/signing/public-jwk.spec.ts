import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { signPacketJson, verifyPacketSignature } from './packet-signature';
import { jwkThumbprint, publicJwkOf } from './public-jwk';

// RFC 8037 Appendix A: the Ed25519 example key, its RFC 7638 thumbprint (A.3) and the signature of the JWS signing
// input (A.4). Ed25519 is deterministic, so our signing must reproduce the published bytes exactly.
const RFC8037_KEY = {
  kty: 'OKP',
  crv: 'Ed25519',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
};
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';
const RFC8037_SIGNING_INPUT = 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc';
const RFC8037_SIGNATURE = 'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

describe('evidence signing key as a JWK', () => {
  const privateKey = createPrivateKey({ key: RFC8037_KEY, format: 'jwk' });

  it('publishes the RFC 8037 example key with its RFC 7638 thumbprint as kid', () => {
    expect(publicJwkOf(privateKey)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: RFC8037_KEY.x, kid: RFC8037_THUMBPRINT });
    expect(jwkThumbprint(RFC8037_KEY)).toBe(RFC8037_THUMBPRINT);
  });

  it('signs exactly as RFC 8037 A.4 does, base64url without padding, and verifies with the public JWK alone', () => {
    const signature = signPacketJson(RFC8037_SIGNING_INPUT, privateKey);
    expect(signature).toBe(RFC8037_SIGNATURE);
    expect(verifyPacketSignature(RFC8037_SIGNING_INPUT, signature, publicJwkOf(privateKey))).toBe(true);
  });

  it('a signature over other bytes, or a malformed one, does not verify', () => {
    const jwk = publicJwkOf(privateKey);
    expect(verifyPacketSignature(`${RFC8037_SIGNING_INPUT}.`, RFC8037_SIGNATURE, jwk)).toBe(false);
    expect(verifyPacketSignature(RFC8037_SIGNING_INPUT, `${RFC8037_SIGNATURE.slice(0, -2)}AA`, jwk)).toBe(false);
    expect(verifyPacketSignature(RFC8037_SIGNING_INPUT, 'not base64url!', jwk)).toBe(false);
  });

  it('refuses a key that is not Ed25519', () => {
    const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => publicJwkOf(ecKey)).toThrow(/Ed25519/);
  });
});
