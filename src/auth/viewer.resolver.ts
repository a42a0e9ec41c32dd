import { Query, Resolver } from '@nestjs/graphql';
import type { Actor } from './actor';
import { CurrentActor } from './auth.guard';

@Resolver('Viewer')
export class ViewerResolver {
  @Query('me')
  me(@CurrentActor() actor: Actor) {
    return { id: actor.id, roles: actor.roles, practiceId: actor.practiceId ?? null, payerId: actor.payerId ?? null };
  }
}
