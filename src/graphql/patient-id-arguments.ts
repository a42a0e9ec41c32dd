import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { getNamedType, type GraphQLField, type GraphQLResolveInfo } from 'graphql';
import type { Observable } from 'rxjs';
import { DomainError } from '../kernel/domain-error';
import { isUuid } from '../kernel/ids';

/** The arguments of a field that name a patient: every `patientId`, and the `id` of a field answering a Patient. */
function patientIdArguments(field: GraphQLField<unknown, unknown>): string[] {
  const returnsPatient = getNamedType(field.type).name === 'Patient';
  return field.args.filter((arg) => arg.name === 'patientId' || (returnsPatient && arg.name === 'id')).map((arg) => arg.name);
}

const namesCache = new WeakMap<GraphQLField<unknown, unknown>, string[]>();

function patientIdsOfCall(context: ExecutionContext): [string, unknown][] {
  if (context.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const field = info.parentType.getFields()[info.fieldName];
    let names = namesCache.get(field);
    if (!names) namesCache.set(field, (names = patientIdArguments(field)));
    const args = gql.getArgs<Record<string, unknown>>();
    return names.map((name) => [name, args[name]]);
  }
  if (context.getType() === 'http') {
    const params = context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params ?? {};
    return 'patientId' in params ? [['patientId', params.patientId]] : [];
  }
  return [];
}

/**
 * Patient ids are UUIDs, checked at the edge for every door (GraphQL arguments, route parameters; mutation inputs
 * check theirs with IsClientUuid): anything else is BAD_USER_INPUT before a resolver runs, so no lookup, log entry
 * or error message ever carries an arbitrary string (a 990 KB "id" once went into the access log for ever). Runs
 * after the auth guard, so callers without the right role learn nothing from it.
 */
@Injectable()
export class PatientIdArgumentsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    for (const [name, value] of patientIdsOfCall(context)) {
      if (value !== null && value !== undefined && !(typeof value === 'string' && isUuid(value))) {
        throw new DomainError('BAD_USER_INPUT', `${name} must be a UUID`, { field: name });
      }
    }
    return next.handle();
  }
}
