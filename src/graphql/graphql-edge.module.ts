import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PatientIdArgumentsInterceptor } from './patient-id-arguments';

/** What stands at the API's edge for every operation, whatever slice serves it. */
@Module({
  providers: [{ provide: APP_INTERCEPTOR, useClass: PatientIdArgumentsInterceptor }],
})
export class GraphQLEdgeModule {}
