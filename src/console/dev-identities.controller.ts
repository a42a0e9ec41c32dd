import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { Public } from '../auth/auth.guard';
import { signDevToken } from '../auth/dev-token';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** How long a development identity's token lasts: a working day, like `npm run token`'s default. */
const DEV_TOKEN_LIFETIME = '8h';

/**
 * The console's sign-in picker outside production: each configured development identity with a token signed by the
 * local secret, exactly what `npm run token` prints for it. Production (and a server that only verifies an issuer's
 * tokens) answers 404: there, tokens come from the issuer.
 */
@Controller('console')
export class DevIdentitiesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('dev-identities')
  async devIdentities() {
    const secret = this.config.auth.jwtSecret;
    if (this.config.production || !secret || this.config.console.devIdentities.length === 0) throw new NotFoundException();
    return Promise.all(
      this.config.console.devIdentities.map(async (identity) => ({ ...identity, token: await signDevToken(identity, secret, DEV_TOKEN_LIFETIME) })),
    );
  }
}
