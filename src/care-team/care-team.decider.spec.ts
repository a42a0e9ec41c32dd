import { PATIENT_ID, PRACTICE_ID, STAFF, asNurse, enrolled, patientCommand, snapshot } from '../../test/support/care-record-events';
import { given, testMetadata } from '../../test/support/decider-specification';
import { careTeamDecider, careTeamValidTime } from './care-team.decider';
import type { CareManagerAssigned, CareTeamMemberAdded, CareTeamRole } from './care-team.events';
import { evolveCareTeam, initialCareTeam, teamDuring } from './care-team.state';

const ids = { patientId: PATIENT_ID, practiceId: PRACTICE_ID };
const MEMBER = '7d9f0a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER_MEMBER = '8e0a1b2c-3d4e-4f5a-9b0c-1d2e3f4a5b6c';
const asAdmin = testMetadata({ now: new Date('2026-03-15T12:00:00Z'), actorId: 'admin-1', actorRoles: ['ADMIN'] });

const assigned = (staff = STAFF.rnB, effectiveAt = '2026-03-15T12:00:00.000Z', previousCareManagerId: string | null = null): CareManagerAssigned => ({
  type: 'CareManagerAssigned',
  data: { ...ids, careManager: snapshot(staff), previousCareManagerId, effectiveAt },
});
const pharmacistAdded: CareTeamMemberAdded = {
  type: 'CareTeamMemberAdded',
  data: {
    ...ids,
    memberId: MEMBER,
    role: 'PHARMACIST',
    staff: null,
    name: 'Pat Pharmacist',
    organization: 'Main St Pharmacy',
    phone: '+1 555 010 2000',
    since: '2026-03-15T12:00:00.000Z',
  },
};
const assign = (data: Record<string, unknown>, metadata = asAdmin) => patientCommand('AssignCareManager', { staffId: 'rn-b', ...data }, { metadata });
const add = (data: Record<string, unknown> = {}) =>
  patientCommand('AddCareTeamMember', {
    memberId: MEMBER,
    role: 'PHARMACIST' as CareTeamRole,
    staffId: null as string | null,
    name: 'Pat Pharmacist',
    organization: 'Main St Pharmacy',
    phone: '+1 555 010 2000',
    ...data,
  });

describe('care team decider', () => {
  describe('AssignCareManager', () => {
    it('assigns an active clinical staff member as the dedicated care manager, by an admin not on the registry', () =>
      given(careTeamDecider, [enrolled()]).when(assign({})).then([assigned()]));

    it('reassigns from a given instant, naming who was responsible until then', () =>
      given(careTeamDecider, [enrolled(), assigned(STAFF.rnB, '2026-03-10T00:00:00.000Z')])
        .when(assign({ staffId: 'np-c', effectiveAt: '2026-03-15T11:00:00.000Z' }))
        .then([assigned(STAFF.npC, '2026-03-15T11:00:00.000Z', 'rn-b')]));

    it('records nothing when the care manager is already the one named', () =>
      given(careTeamDecider, [enrolled(), assigned()]).when(assign({})).thenNothingHappens());

    it.each([
      ['an unknown staff member', { staffId: 'nobody' }, 'PRECONDITION_FAILED', /not a staff member/],
      ['a deactivated one', { staffId: 'dr-gone' }, 'PRECONDITION_FAILED', /no longer active/],
      ['non-clinical staff', { staffId: 'desk-d' }, 'PRECONDITION_FAILED', /non-clinical/],
      ['an effective time before the current assignment', { staffId: 'np-c', effectiveAt: '2026-03-01T00:00:00.000Z' }, 'BAD_USER_INPUT', /effectiveAt/],
      ['an effective time in the future', { staffId: 'np-c', effectiveAt: '2026-04-15T00:00:00.000Z' }, 'BAD_USER_INPUT', /effectiveAt/],
    ])('refuses %s', (_case, data, code, message) =>
      given(careTeamDecider, [enrolled(), assigned(STAFF.rnB, '2026-03-10T00:00:00.000Z')])
        .when(assign(data))
        .thenThrows(code as never, message),
    );

    it("answers another practice's patient as an unknown one", () =>
      given(careTeamDecider, [enrolled({ practiceId: 'p2' })])
        .when(assign({}))
        .thenThrows('NOT_FOUND'));

    it('dates the assignment at its effective time (valid time)', () =>
      expect(careTeamValidTime(assigned(STAFF.rnB, '2026-03-01T09:00:00.000Z'), 'America/New_York')).toEqual(new Date('2026-03-01T09:00:00.000Z')));
  });

  describe('AddCareTeamMember and RemoveCareTeamMember', () => {
    it('adds an outside member with organisation and phone', () => given(careTeamDecider, [enrolled()]).when(add()).then([pharmacistAdded]));

    it('adds staff with the name the registry gives them', () =>
      given(careTeamDecider, [enrolled()])
        .when(add({ role: 'CLINICAL_STAFF', staffId: 'rn-b', name: 'Bea', organization: null, phone: null }))
        .then([
          {
            type: 'CareTeamMemberAdded',
            data: {
              ...ids,
              memberId: MEMBER,
              role: 'CLINICAL_STAFF',
              staff: snapshot(STAFF.rnB),
              name: STAFF.rnB.name,
              organization: null,
              phone: null,
              since: '2026-03-15T12:00:00.000Z',
            },
          },
        ]));

    it.each([
      ['a staff role without a staff member', { memberId: OTHER_MEMBER, role: 'CARE_MANAGER' }, 'BAD_USER_INPUT'],
      ['an inactive staff member', { memberId: OTHER_MEMBER, role: 'SPECIALIST', staffId: 'dr-gone' }, 'PRECONDITION_FAILED'],
      ['a memberId already used', {}, 'PRECONDITION_FAILED'],
    ])('refuses %s', (_case, data, code) =>
      given(careTeamDecider, [enrolled(), pharmacistAdded])
        .when(add(data))
        .thenThrows(code as never),
    );

    it('refuses a registered author only: an unregistered nurse writes nothing', () =>
      given(careTeamDecider, [enrolled()])
        .when({ ...add(), metadata: { ...asNurse(), actorId: 'stranger', actorRoles: ['CARE_MANAGER'] } })
        .thenThrows('PRECONDITION_FAILED', /not a staff member/));

    it('removes a current member with a reason; a removed member cannot be removed again', () => {
      const remove = patientCommand('RemoveCareTeamMember', { memberId: MEMBER, reason: 'Changed pharmacy' });
      given(careTeamDecider, [enrolled(), pharmacistAdded])
        .when(remove)
        .then([
          {
            type: 'CareTeamMemberRemoved',
            data: { ...ids, memberId: MEMBER, reason: 'Changed pharmacy', removedAt: '2026-03-15T12:00:00.000Z', removedBy: 'rn-b' },
          },
        ]);
      given(careTeamDecider, [
        enrolled(),
        pharmacistAdded,
        { type: 'CareTeamMemberRemoved', data: { ...ids, memberId: MEMBER, reason: 'x', removedAt: '2026-03-16T00:00:00.000Z', removedBy: 'rn-b' } },
      ])
        .when(remove)
        .thenThrows('NOT_FOUND');
    });
  });

  it('keeps who was responsible when: the team of a month names every care manager and member of that month', () => {
    const history = [assigned(STAFF.rnB, '2026-02-01T00:00:00.000Z'), assigned(STAFF.npC, '2026-03-10T00:00:00.000Z', 'rn-b'), pharmacistAdded];
    const team = history.reduce(evolveCareTeam, initialCareTeam());
    expect(team.careManagers.map(({ careManager, from, to }) => [careManager.staffId, from, to])).toEqual([
      ['rn-b', '2026-02-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z'],
      ['np-c', '2026-03-10T00:00:00.000Z', null],
    ]);
    const february = teamDuring(team, new Date('2026-02-01T05:00:00Z'), new Date('2026-03-01T05:00:00Z'));
    expect([february.careManagers.map((period) => period.careManager.staffId), february.members]).toEqual([['rn-b'], []]);
    const march = teamDuring(team, new Date('2026-03-01T05:00:00Z'), new Date('2026-04-01T04:00:00Z'));
    expect([march.careManagers.map((period) => period.careManager.staffId), march.members.map((member) => member.memberId)]).toEqual([
      ['rn-b', 'np-c'],
      [MEMBER],
    ]);
  });
});
