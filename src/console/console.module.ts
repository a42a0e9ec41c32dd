import { Module } from '@nestjs/common';
import { DevIdentitiesController } from './dev-identities.controller';

/** The web console's server side: development identities for its sign-in (its build is served by console-static.ts). */
@Module({ controllers: [DevIdentitiesController] })
export class ConsoleModule {}
