import { Controller, Get } from '@nestjs/common';
import { Public } from '../../auth/auth.guard';
import { EvidenceSigner } from '../signing/evidence-signer';
import { JWKS_PATH, publishedKey } from '../signing/published-key';

/** The public signing key as a JWK Set, without authentication, so `npm run verify-packet -- --url` can fetch it. */
@Controller()
export class SigningKeyController {
  constructor(private readonly signer: EvidenceSigner) {}

  @Get(JWKS_PATH)
  @Public()
  keys() {
    return { keys: [publishedKey(this.signer.publicJwk)] };
  }
}
