import { createParamDecorator, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden } from '../kernel/domain-error';
import { hasAnyRole, isPracticeActor, type Actor, type PracticeActor, type Role } from './actor';
import { TokenVerifier } from './token-verifier';

const ROLES_KEY = 'careledger:roles';
const PUBLIC_KEY = 'careledger:public';

/** Which roles may call the operation; without it any authenticated caller may (and the resolver scopes by practice). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Open to unauthenticated callers (health probes only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Per-request auth state: GraphQL context and HTTP request both carry it. */
export interface AuthCarrier {
  authorization?: string;
  actor?: Actor;
}

function carrierOf(context: ExecutionContext): AuthCarrier {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<AuthCarrier>();
  const request = context.switchToHttp().getRequest<AuthCarrier & { headers: Record<string, string | undefined> }>();
  request.authorization ??= request.headers.authorization;
  return request;
}

/**
 * Global guard: every operation needs a valid token (UNAUTHENTICATED otherwise) and, where @Roles is given, one of
 * those roles (FORBIDDEN otherwise). Practice scoping happens in the resolvers and repositories.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const carrier = carrierOf(context);
    carrier.actor ??= await this.verifier.verify(carrier.authorization);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !hasAnyRole(carrier.actor, roles)) throw forbidden();
    return true;
  }
}

function actorOf(context: ExecutionContext): Actor {
  const actor = carrierOf(context).actor;
  if (!actor) throw new Error('CurrentActor used on an operation without the auth guard');
  return actor;
}

/** The authenticated caller of the current operation. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => actorOf(context));

/**
 * The caller of an operation that acts inside the caller's practice (every role but PAYER). The token verifier
 * gives every practice role a practice; a caller without one (a payer) is refused here rather than scoped to none.
 */
export const CurrentPracticeActor = createParamDecorator((_data: unknown, context: ExecutionContext): PracticeActor => {
  const actor = actorOf(context);
  if (!isPracticeActor(actor)) throw forbidden('This operation acts inside a practice; the token names none');
  return actor;
});
