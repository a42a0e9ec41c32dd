import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { ExecutionContext } from '@nestjs/common';
import { DomainError } from '../kernel/domain-error';
import type { Actor } from './actor';
import { CurrentPracticeActor } from './auth.guard';

/** The function Nest calls to fill a parameter decorated with `decorator` (read from the route's metadata). */
function parameterFactory(decorator: () => ParameterDecorator) {
  class Probe {
    handle(@decorator() _value: unknown) {}
  }
  const parameters = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handle') as Record<
    string,
    { factory: (data: unknown, context: ExecutionContext) => unknown }
  >;
  return Object.values(parameters)[0].factory;
}

/** An HTTP request the auth guard has already authenticated as `actor`. */
const requestOf = (actor: Actor): ExecutionContext =>
  ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ headers: {}, actor }) }) }) as unknown as ExecutionContext;

describe('CurrentPracticeActor', () => {
  const practiceActorOf = parameterFactory(CurrentPracticeActor);

  it('hands the operation the caller with its practice', () => {
    const nurse: Actor = { id: 'rn-1', roles: ['CARE_MANAGER'], practiceId: 'p1' };
    expect(practiceActorOf(undefined, requestOf(nurse))).toEqual({ id: 'rn-1', roles: ['CARE_MANAGER'], practiceId: 'p1' });
  });

  it('refuses a caller without a practice (a payer) as FORBIDDEN instead of scoping it to no practice', () => {
    const payer: Actor = { id: 'payer-user', roles: ['PAYER'], payerId: 'medicare' };
    let refusal: unknown;
    try {
      practiceActorOf(undefined, requestOf(payer));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'FORBIDDEN' });
  });
});
