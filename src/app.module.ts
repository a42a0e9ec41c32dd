import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { TokenVerifier } from './auth/token-verifier';
import { BillingModule } from './billing/billing.module';
import { graphqlWsOptions, subscriptionContext } from './billing/progress/graphql-ws-auth';
import { CommandService } from './command-pipeline/command.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import { LOGGER } from './config/logger';
import { EventStoreModule } from './event-store/event-store.module';
import { EvidenceModule } from './evidence/evidence.module';
import { formatGraphQLError } from './graphql/errors';
import { aliasLimit, depthLimit, fieldLimit } from './graphql/limits';
import { correlationIdFrom, type GraphQLRequestContext } from './graphql/request-context';
import { DateScalar, DateTimeScalar, YearMonthScalar } from './graphql/scalars';
import { graphqlWsLimits } from './graphql/ws-limits';
import { HealthController } from './health/health.controller';
import { CLOCK, type Clock } from './kernel/clock';
import { LedgerModule } from './ledger/ledger.module';
import { PracticeModule } from './practice/practice.module';
import { CareActivitiesModule } from './care-activities/care-activities.module';
import { CarePlansModule } from './care-plans/care-plans.module';
import { ConsentModule } from './consent/consent.module';
import { MedicationsModule } from './medications/medications.module';
import { PatientsModule } from './patients/patients.module';
import { ProjectionsModule } from './projections/projections.module';

/** schema.graphql at the project root is the schema the server serves (schema-first). */
export const SCHEMA_PATH = join(__dirname, '..', 'schema.graphql');

export interface AppDependencies {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
}

@Global()
@Module({})
class CoreModule {
  static with({ config, logger, clock }: AppDependencies): DynamicModule {
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: CLOCK, useValue: clock },
        CommandService,
      ],
      exports: [APP_CONFIG, LOGGER, CLOCK, CommandService, CqrsModule],
    };
  }
}

export function appModule(dependencies: AppDependencies): DynamicModule {
  const { config, logger } = dependencies;
  return {
    module: AppModule,
    imports: [
      CoreModule.with(dependencies),
      EventStoreModule,
      ProjectionsModule,
      AuthModule,
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        typePaths: [SCHEMA_PATH],
        resolvers: { DateTime: DateTimeScalar, Date: DateScalar, YearMonth: YearMonthScalar },
        // HTTP requests carry `req`; graphql-ws operations carry the connection (subscriptions).
        context: (request: { req?: { headers: Record<string, string | undefined> } } & Parameters<typeof subscriptionContext>[0]): GraphQLRequestContext =>
          request.req
            ? { authorization: request.req.headers.authorization, correlationId: correlationIdFrom(request.req.headers['x-correlation-id']) }
            : subscriptionContext(request),
        // graphql-ws parses and validates on its own: the same document limits as over HTTP (src/graphql/ws-limits.ts).
        subscriptions: { 'graphql-ws': { ...graphqlWsOptions(new TokenVerifier(config.auth), logger), ...graphqlWsLimits(config, logger) } },
        formatError: formatGraphQLError(logger),
        validationRules: [depthLimit(config.graphql.maxDepth), aliasLimit(config.graphql.maxAliases), fieldLimit(config.graphql.maxFields)],
        // A bound on the document's size in tokens, checked while parsing, before any validation rule runs.
        parseOptions: { maxTokens: config.graphql.maxTokens },
        introspection: config.graphql.introspection,
        // Without introspection, "Did you mean ...?" suggestions would still reveal the schema.
        hideSchemaDetailsFromClientErrors: config.production,
        playground: false,
        graphiql: !config.production,
        includeStacktraceInErrorResponses: false,
        // Every response is private to its bearer and sets no cache hints; Apollo's default cache-control plugin
        // would still wrap every field resolver (a large month of billing rows is ~15 % slower with it).
        plugins: [ApolloServerPluginCacheControlDisabled()],
        // Field resolvers (Patient.activities) go through the global interceptors too: the access log sees them.
        fieldResolverEnhancers: ['interceptors'],
      }),
      PracticeModule,
      PatientsModule,
      ConsentModule,
      CarePlansModule,
      CareActivitiesModule,
      MedicationsModule,
      AuditModule,
      BillingModule,
      EvidenceModule,
      LedgerModule,
    ],
    controllers: [HealthController],
  };
}

@Module({})
export class AppModule {}
