import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';
import { ViewerResolver } from './viewer.resolver';

@Global()
@Module({
  providers: [
    { provide: TokenVerifier, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TokenVerifier(config.auth) },
    { provide: APP_GUARD, useClass: AuthGuard },
    ViewerResolver,
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
