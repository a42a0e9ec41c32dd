import { Args, Query, Resolver } from '@nestjs/graphql';
import type { PracticeActor } from '../../auth/actor';
import { CurrentPracticeActor, Roles } from '../../auth/auth.guard';
import { pageWindow, toConnection } from '../../graphql/pagination';
import { AUDIT_ROLES } from '../audit-roles';
import { timeRange } from '../time-range';
import { AccessLogRepository } from './access-log.repository';

/** Read-only by design: no mutation of the API touches the access log; it is an append-only stream of the event log. */
@Resolver()
export class AccessLogResolver {
  constructor(private readonly accessLog: AccessLogRepository) {}

  /** `from`/`to` filter on the time of the read, `from <= at < to`; entries come in the order they were logged. */
  @Query('accessLog')
  @Roles(...AUDIT_ROLES)
  entries(
    @CurrentPracticeActor() actor: PracticeActor,
    @Args('patientId') patientId?: string | null,
    @Args('actorId') actorId?: string | null,
    @Args('from') from?: string | null,
    @Args('to') to?: string | null,
    @Args('first') first?: number | null,
    @Args('after') after?: string | null,
  ) {
    const window = pageWindow(first, after);
    const filter = { patientId: patientId ?? null, actorId: actorId ?? null, ...timeRange(from, to) };
    const { entries, totalCount } = this.accessLog.entries(actor.practiceId, filter, window);
    return toConnection(entries, window, totalCount);
  }
}
