import { ADR_RESPONSE_DAYS, deadlineStanding, defaultDueAt } from './response-deadline';

describe('the due date of a documentation request (42 CFR 405.929; PIM ch. 3 §3.2.3.2)', () => {
  const received = new Date('2026-04-01T15:00:00.000Z');

  it.each([
    ['ESMD', 'MAC', '2026-05-16T15:00:00.000Z'],
    ['MAIL', 'RAC', '2026-05-16T15:00:00.000Z'],
    ['FAX', 'SMRC', '2026-05-16T15:00:00.000Z'],
    ['PORTAL', 'UPIC', '2026-05-01T15:00:00.000Z'],
  ] as const)('a %s request from a %s is due %s', (channel, reviewer, due) => {
    expect(defaultDueAt(channel, reviewer, received)?.toISOString()).toBe(due);
  });

  it('a Medicare ADR gives 45 days, a UPIC 30', () => {
    expect(ADR_RESPONSE_DAYS).toEqual({ MAC: 45, RAC: 45, SMRC: 45, UPIC: 30 });
  });

  it('a CDex Task has no default: it states its own due date', () => {
    expect(defaultDueAt('CDEX_TASK', 'MAC', received)).toBeNull();
  });
});

describe('days left and overdue, counted in the practice time zone', () => {
  const zone = 'America/New_York';
  const due = new Date('2026-05-16T03:59:59.000Z'); // 23:59:59 on 15 May in New York

  it.each([
    ['the evening before, in New York (already the due day in UTC)', '2026-05-15T01:00:00.000Z', 1, false],
    ['on the due day', '2026-05-15T14:00:00.000Z', 0, false],
    ['a second after the due instant', '2026-05-16T04:00:00.000Z', -1, true],
    ['ten days before', '2026-05-05T12:00:00.000Z', 10, false],
  ])('%s', (_case, now, daysLeft, overdue) => {
    expect(deadlineStanding(due, new Date(now), zone)).toEqual({ daysLeft, overdue });
  });

  it('counts across a daylight-saving change as calendar days', () => {
    expect(deadlineStanding(new Date('2026-03-10T16:00:00.000Z'), new Date('2026-03-07T16:00:00.000Z'), zone).daysLeft).toBe(3);
  });
});
