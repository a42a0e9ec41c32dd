import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.guard';
import { pageWindow, toConnection } from '../graphql/pagination';
import { notFound } from '../kernel/domain-error';
import { AUDIT_ROLES } from './audit-roles';
import { PatientHistory } from './history/patient-history';
import { verifyPatientRecord } from './history/verify-audit-trail';
import { timeRange } from './time-range';
import { patientAsOf } from './time-travel/patient-as-of';
import { AuditTrailRepository } from './trail/audit-trail.repository';

/** A patient's record as an auditor reads it: the trail (read model); its verification and time travel (the log itself). */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly trail: AuditTrailRepository,
    private readonly history: PatientHistory,
  ) {}

  /** `from`/`to` filter on recordedAt (when the store wrote the event), `from <= recordedAt < to`. */
  @Query('auditTrail')
  @Roles(...AUDIT_ROLES)
  auditTrail(
    @CurrentActor() actor: Actor,
    @Args('patientId') patientId: string,
    @Args('first') first?: number | null,
    @Args('after') after?: string | null,
    @Args('from') from?: string | null,
    @Args('to') to?: string | null,
  ) {
    const streamKey = actor.practiceId === undefined ? undefined : this.trail.streamKeyOf(actor.practiceId, patientId);
    if (streamKey === undefined) throw notFound('Patient');
    const window = pageWindow(first, after);
    const { entries, totalCount } = this.trail.entries(streamKey, timeRange(from, to), window);
    return toConnection(entries, window, totalCount);
  }

  /** null before enrolment, for an unknown id and, indistinguishably, for another practice's patient. */
  @Query('patientAsOf')
  @Roles(...AUDIT_ROLES)
  async patientAsOf(@CurrentActor() actor: Actor, @Args('id') id: string, @Args('at') at: string) {
    const events = await this.history.read(id, actor.practiceId);
    return events ? patientAsOf(events, new Date(at)) : null;
  }

  @Query('verifyAuditTrail')
  @Roles(...AUDIT_ROLES)
  async verifyAuditTrail(@CurrentActor() actor: Actor, @Args('patientId') patientId: string) {
    const events = await this.history.read(patientId, actor.practiceId);
    if (!events) throw notFound('Patient');
    return verifyPatientRecord(patientId, events);
  }
}
