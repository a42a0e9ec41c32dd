import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { isUuid } from '../kernel/ids';

/** What the GraphQL context carries for every operation (HTTP and graphql-ws). */
export interface GraphQLRequestContext {
  authorization?: string;
  correlationId?: string;
}

/** `X-Correlation-Id` (a UUID) ties the events of one user action together; without it the commandId is used. */
export function correlationIdFrom(header: unknown): string | undefined {
  return typeof header === 'string' && isUuid(header) ? header.toLowerCase() : undefined;
}

export const CorrelationId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => GqlExecutionContext.create(context).getContext<GraphQLRequestContext>().correlationId,
);
