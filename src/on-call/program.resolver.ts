import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PRACTICE_ROLES, type PracticeActor } from '../auth/actor';
import { CurrentPracticeActor, Roles } from '../auth/auth.guard';
import { CommandService } from '../command-pipeline/command.service';
import { CorrelationId } from '../graphql/request-context';
import { badInput } from '../kernel/domain-error';
import { PracticeContextLoader } from '../patient-stream/practice-context-loader';
import { coverageGaps } from './coverage';
import { ConfigureOutreachCadenceInput, ScheduleOnCallInput } from './program.inputs';
import { programStream } from './program.events';
import { ProgramRepository } from './program.repository';

/** The longest window onCallCoverage answers (a quarter), so one request stays small. */
const LONGEST_WINDOW_MS = 92 * 24 * 60 * 60 * 1000;

@Resolver()
export class ProgramResolver {
  constructor(
    private readonly commands: CommandService,
    private readonly practices: PracticeContextLoader,
    private readonly program: ProgramRepository,
  ) {}

  @Mutation('scheduleOnCall')
  @Roles('ADMIN')
  async scheduleOnCall(@Args('input') input: ScheduleOnCallInput, @CurrentPracticeActor() actor: PracticeActor, @CorrelationId() correlationId?: string) {
    const { commandId, ...data } = input;
    const shiftId = data.shiftId.toLowerCase();
    const result = await this.commands.execute('ScheduleOnCall', {
      stream: programStream(actor.practiceId),
      command: { data: { ...data, shiftId, practiceId: actor.practiceId }, practice: await this.practices.load(actor.practiceId) },
      caller: { actor, commandId, correlationId },
    });
    const shift = result.state.shifts.find((scheduled) => scheduled.shiftId === shiftId);
    if (!shift) throw new Error('scheduleOnCall succeeded without its shift');
    return { id: shift.shiftId, staffId: shift.clinician.staffId, from: shift.from, to: shift.to, phone: shift.phone };
  }

  /** Every practice role may see who is on call (staff and phone numbers; no patient data). */
  @Query('onCallCoverage')
  @Roles(...PRACTICE_ROLES)
  onCallCoverage(@Args('from') from: string, @Args('to') to: string, @CurrentPracticeActor() actor: PracticeActor) {
    const window = { fromMs: Date.parse(from), toMs: Date.parse(to) };
    if (window.toMs <= window.fromMs) throw badInput('to', 'must be after from');
    if (window.toMs - window.fromMs > LONGEST_WINDOW_MS) throw badInput('to', 'the window spans at most 92 days');
    const shifts = this.program.shiftsBetween(actor.practiceId, window.fromMs, window.toMs);
    const gaps = coverageGaps(shifts, window).map((gap) => ({ from: new Date(gap.fromMs).toISOString(), to: new Date(gap.toMs).toISOString() }));
    return {
      shifts: shifts.map(({ id, staffId, from: start, to: end, phone }) => ({ id, staffId, from: start, to: end, phone })),
      gaps,
      covered: gaps.length === 0,
    };
  }

  @Mutation('configureOutreachCadence')
  @Roles('ADMIN')
  async configureOutreachCadence(
    @Args('input') input: ConfigureOutreachCadenceInput,
    @CurrentPracticeActor() actor: PracticeActor,
    @CorrelationId() correlationId?: string,
  ) {
    const { commandId, ...data } = input;
    const result = await this.commands.execute('ConfigureOutreachCadence', {
      stream: programStream(actor.practiceId),
      command: { data: { ...data, practiceId: actor.practiceId }, practice: await this.practices.load(actor.practiceId) },
      caller: { actor, commandId, correlationId },
    });
    const cadence = result.state.cadences[data.program]!;
    return { program: data.program, ...cadence };
  }

  @Query('outreachCadences')
  @Roles(...PRACTICE_ROLES)
  outreachCadences(@CurrentPracticeActor() actor: PracticeActor) {
    return this.program.cadences(actor.practiceId);
  }
}
