import { Inject, Injectable } from '@nestjs/common';
import { localDate } from '../kernel/calendar';
import { CLOCK, type Clock } from '../kernel/clock';
import { preconditionFailed } from '../kernel/domain-error';
import { PracticeRepository } from '../practice/practice.repository';

/** "Today" and "now" where the practice is: overdue tasks, days left in the month and coverage are read in its zone. */
@Injectable()
export class PracticeCalendar {
  constructor(
    private readonly practices: PracticeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  timeZone(practiceId: string): string {
    const practice = this.practices.practice(practiceId);
    if (!practice) throw preconditionFailed('PRACTICE_NOT_CONFIGURED', 'Configure the practice (its time zone) first');
    return practice.timeZone;
  }

  today(practiceId: string): string {
    return localDate(this.clock.now(), this.timeZone(practiceId));
  }
}
