import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { randomUUID } from 'node:crypto';
import { tap, type Observable } from 'rxjs';
import type { AuthCarrier } from '../../auth/auth.guard';
import { correlationIdFrom, type GraphQLRequestContext } from '../../graphql/request-context';
import { AccessLogRecorder } from './access-log.recorder';
import { operationName, PATIENT_DATA_READS, type PatientsRead } from './patient-data-reads';

interface HttpRequest extends AuthCarrier {
  method: string;
  route?: { path: string };
  params: Record<string, unknown>;
  headers: Record<string, string | undefined>;
}

/** One call to a resolver or route handler, whatever the door. */
interface Call {
  key: string;
  args: Record<string, unknown>;
  parent: unknown;
  /** The per-request object (GraphQL context or HTTP request): it carries the actor and identifies the request. */
  request: AuthCarrier;
  correlationId: string | undefined;
}

/** Ids given to requests for the access log; weakly held, so they go with the request. */
const requestIds = new WeakMap<object, string>();
const requestIdOf = (request: object) => {
  let id = requestIds.get(request);
  if (!id) requestIds.set(request, (id = randomUUID()));
  return id;
};

function describeCall(context: ExecutionContext): Call | undefined {
  const type = context.getType<string>();
  if (type === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const request = gql.getContext<GraphQLRequestContext & AuthCarrier>();
    return { key: `${info.parentType.name}.${info.fieldName}`, args: gql.getArgs(), parent: gql.getRoot(), request, correlationId: request.correlationId };
  }
  if (type === 'http') {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    return {
      key: `${request.method} ${request.route?.path}`,
      args: request.params,
      parent: undefined,
      request,
      correlationId: correlationIdFrom(request.headers['x-correlation-id']),
    };
  }
  return undefined;
}

/**
 * Global interceptor (GraphQL fields, field resolvers included, and HTTP routes): after an operation listed in
 * PATIENT_DATA_READS succeeds, hands the read to the recorder. Failed or refused calls returned nothing and are not
 * logged. Recording only buffers, so the request does not wait for the log.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(private readonly recorder: AccessLogRecorder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const call = describeCall(context);
    const patientsRead = call && PATIENT_DATA_READS.get(call.key);
    if (!call || !patientsRead) return next.handle();
    return next.handle().pipe(tap((result) => this.record(call, patientsRead, result)));
  }

  private record(call: Call, patientsRead: PatientsRead, result: unknown) {
    const actor = call.request.actor;
    const patientIds = patientsRead({ args: call.args, parent: call.parent, result });
    if (!actor || patientIds === null) return;
    const requestId = requestIdOf(call.request);
    this.recorder.record({ operation: operationName(call.key), patientIds, actor, requestId, correlationId: call.correlationId ?? requestId });
  }
}
