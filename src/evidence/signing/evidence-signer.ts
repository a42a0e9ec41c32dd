import { sign, type KeyObject } from 'node:crypto';
import { signPacketJson } from './packet-signature';
import { publicJwkOf, type PublicJwk } from './public-jwk';

/** Signs packets with the one private key of this instance and publishes its public half. */
export class EvidenceSigner {
  readonly publicJwk: PublicJwk;

  constructor(private readonly privateKey: KeyObject) {
    this.publicJwk = publicJwkOf(privateKey);
  }

  get kid(): string {
    return this.publicJwk.kid;
  }

  sign(json: string): string {
    return signPacketJson(json, this.privateKey);
  }

  /** The same key over other bytes (the ledger's signed tree heads, src/ledger/checkpoint). */
  signBytes(message: Buffer): Buffer {
    return sign(null, message, this.privateKey);
  }

  /** The raw 32-byte Ed25519 public key, as signed notes name it. */
  get publicKeyBytes(): Buffer {
    return Buffer.from(this.publicJwk.x, 'base64url');
  }
}
