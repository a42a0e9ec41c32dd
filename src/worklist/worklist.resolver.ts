import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PracticeActor, Role } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { pageWindow, toConnection } from '../graphql/pagination';
import { CorrelationId } from '../graphql/request-context';
import { preconditionFailed } from '../kernel/domain-error';
import { PracticeRepository } from '../practice/practice.repository';
import { WorklistChanges } from './worklist-changes';
import { WorklistService } from './worklist.service';

/** Care managers, practitioners and admins work the worklist; billing and compliance read it; payers never do. */
export const WORKLIST_READERS: Role[] = ['ADMIN', 'CARE_MANAGER', 'PRACTITIONER', 'BILLING', 'COMPLIANCE_OFFICER'];

/** Roles that see the whole practice's worklist when no care manager is named; a care manager alone sees their own. */
const PRACTICE_WIDE: readonly Role[] = ['ADMIN', 'PRACTITIONER', 'BILLING', 'COMPLIANCE_OFFICER'];

@Resolver()
export class WorklistResolver {
  constructor(
    private readonly worklist: WorklistService,
    private readonly changes: WorklistChanges,
    private readonly practices: PracticeRepository,
  ) {}

  @Query('worklist')
  @Roles(...WORKLIST_READERS)
  list(
    @Args('month') month: string,
    @CurrentPracticeActor() actor: PracticeActor,
    @Args('careManagerId') careManagerId?: string | null,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    const window = pageWindow(first, after);
    const { rows, totalCount } = this.worklist.page(actor.practiceId, month, this.scope(actor, careManagerId), window.offset, window.limit);
    return toConnection(
      rows.map((row) => this.worklist.item(actor.practiceId, row)),
      window,
      totalCount,
    );
  }

  /** The caller's worklist rows (their own as a care manager, the practice's otherwise) whenever one changes. */
  @Subscription('worklistChanged', { resolve: (item: unknown) => item })
  @Roles(...WORKLIST_READERS)
  worklistChanged(@Args('month') month: string, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    return this.changes.watch(actor, month, this.scope(actor, null), correlationId);
  }

  /** Whose patients: the care manager named (a member of the practice's staff), or the caller's default. */
  private scope(actor: PracticeActor, careManagerId: string | null | undefined): string | null {
    if (careManagerId) {
      if (!this.practices.staffMember(actor.practiceId, careManagerId))
        throw preconditionFailed('STAFF_NOT_REGISTERED', `careManagerId: ${careManagerId} is not a staff member of this practice`);
      return careManagerId;
    }
    return actor.roles.some((role) => PRACTICE_WIDE.includes(role)) ? null : actor.id;
  }
}
