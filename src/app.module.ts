import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BillingModule } from './billing/billing.module';
import { CommandService } from './command-pipeline/command.service';
import { APP_CONFIG, type AppConfig } from './config/config';
import { LOGGER } from './config/logger';
import { EventStoreModule } from './event-store/event-store.module';
import { EvidenceModule } from './evidence/evidence.module';
import { formatGraphQLError } from './graphql/errors';
import { GraphQLEdgeModule } from './graphql/graphql-edge.module';
import { GraphQLWsServer } from './graphql/ws/graphql-ws-server';
import { aliasLimit, costLimit, depthLimit, fieldLimit } from './graphql/limits';
import { correlationIdFrom, type GraphQLRequestContext } from './graphql/request-context';
import { DateScalar, DateTimeScalar, YearMonthScalar } from './graphql/scalars';
import { HealthController } from './health/health.controller';
import { CLOCK, type Clock } from './kernel/clock';
import { LedgerModule } from './ledger/ledger.module';
import { PracticeModule } from './practice/practice.module';
import { CareActivitiesModule } from './care-activities/care-activities.module';
import { CarePlansModule } from './care-plans/care-plans.module';
import { ConsentModule } from './consent/consent.module';
import { ConsoleModule } from './console/console.module';
import { EnrolmentModule } from './enrolment/enrolment.module';
import { MedicationsModule } from './medications/medications.module';
import { PatientsModule } from './patients/patients.module';
import { CareTeamModule } from './care-team/care-team.module';
import { TasksModule } from './tasks/tasks.module';
import { WorklistModule } from './worklist/worklist.module';
import { OnCallModule } from './on-call/on-call.module';
import { TaskRulesModule } from './task-rules/task-rules.module';
import { ProjectionsModule } from './projections/projections.module';
import { DocumentationRequestsModule } from './documentation-requests/documentation-requests.module';
import { graphiqlLandingPage } from './graphiql/graphiql-page';
import { projectedListsPlugin } from './graphql/projected-lists';

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
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: LOGGER, useValue: logger }, { provide: CLOCK, useValue: clock }, CommandService],
      exports: [APP_CONFIG, LOGGER, CLOCK, CommandService],
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
        // HTTP requests; graphql-ws subscriptions are served by src/graphql/ws/graphql-ws-server.ts with a context of their own.
        context: ({ req }: { req: { headers: Record<string, string | undefined> } }): GraphQLRequestContext => ({
          authorization: req.headers.authorization,
          correlationId: correlationIdFrom(req.headers['x-correlation-id']),
        }),
        formatError: formatGraphQLError(logger, { hideSuggestions: config.production }),
        // Automatic persisted queries would share one cache across tenants (one practice could tell that another ran
        // an exact query); documents are small, so every request carries its own. A hash-only request is BAD_USER_INPUT.
        persistedQueries: false,
        validationRules: [
          depthLimit(config.graphql.maxDepth),
          aliasLimit(config.graphql.maxAliases),
          fieldLimit(config.graphql.maxFields),
          costLimit(config.graphql),
        ],
        // A bound on the document's size in tokens, checked while parsing, before any validation rule runs.
        parseOptions: { maxTokens: config.graphql.maxTokens },
        introspection: config.graphql.introspection,
        // Without introspection, "Did you mean ...?" suggestions would still reveal the schema.
        hideSchemaDetailsFromClientErrors: config.production,
        playground: false,
        // Nest's own GraphiQL page loads React and GraphiQL from a CDN: ours is built from pinned packages (src/graphiql).
        graphiql: false,
        includeStacktraceInErrorResponses: false,
        // Every response is private to its bearer and sets no cache hints; Apollo's default cache-control plugin
        // would still wrap every field resolver (a large month of billing rows is ~15 % slower with it).
        // projectedListsPlugin: large lists of plain rows (a billing month) are projected, not completed field by field.
        plugins: [ApolloServerPluginCacheControlDisabled(), projectedListsPlugin(), ...(config.production ? [] : [graphiqlLandingPage(config)])],
        // Field resolvers (Patient.activities) go through the global interceptors too: the access log sees them.
        fieldResolverEnhancers: ['interceptors'],
      }),
      GraphQLEdgeModule,
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
      DocumentationRequestsModule,
      ConsoleModule,
      CareTeamModule,
      TasksModule,
      WorklistModule,
      OnCallModule,
      EnrolmentModule,
      TaskRulesModule,
    ],
    controllers: [HealthController],
    // Next to the GraphQL module, whose schema it serves over graphql-ws.
    providers: [GraphQLWsServer],
  };
}

@Module({})
export class AppModule {}
