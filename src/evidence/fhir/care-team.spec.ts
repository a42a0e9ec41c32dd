import { bundleProblems, resolve, resourcesOf } from '../../../test/support/evidence-fhir';
import { MARCH_ENTRIES, marchSources } from '../../../test/support/evidence-march';
import { PATIENT_ID, snapshot, STAFF } from '../../../test/support/care-record-events';
import type { StreamEntry } from '../../../test/support/evidence-recorded-stream';
import { assemblePacket } from '../packet/assemble-packet';
import { packetBundle } from './packet-bundle';

const ids = { patientId: PATIENT_ID, practiceId: 'p1' };
const PHARMACIST = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const CAREGIVER = '1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f';
const at = (occurredAt: string, event: StreamEntry['event']): StreamEntry => ({ event, occurredAt });
const TEAM: StreamEntry[] = [
  at('2026-02-15T14:00:00.000Z', {
    type: 'CareManagerAssigned',
    data: { ...ids, careManager: snapshot(STAFF.rnB), previousCareManagerId: null, effectiveAt: '2026-02-15T14:00:00.000Z' },
  }),
  at('2026-03-18T14:00:00.000Z', {
    type: 'CareManagerAssigned',
    data: { ...ids, careManager: snapshot(STAFF.npC), previousCareManagerId: 'rn-b', effectiveAt: '2026-03-18T14:00:00.000Z' },
  }),
  at('2026-03-05T14:00:00.000Z', {
    type: 'CareTeamMemberAdded',
    data: {
      ...ids,
      memberId: PHARMACIST,
      role: 'PHARMACIST',
      staff: null,
      name: 'Pat Pharmacist',
      organization: 'Main St Pharmacy',
      phone: '+1 555 010 2000',
      since: '2026-03-05T14:00:00.000Z',
    },
  }),
  // Left the team in February: not on March's team.
  at('2026-01-05T14:00:00.000Z', {
    type: 'CareTeamMemberAdded',
    data: { ...ids, memberId: CAREGIVER, role: 'CAREGIVER', staff: null, name: 'Son', organization: null, phone: null, since: '2026-01-05T14:00:00.000Z' },
  }),
  at('2026-02-05T14:00:00.000Z', {
    type: 'CareTeamMemberRemoved',
    data: { ...ids, memberId: CAREGIVER, reason: 'Moved away', removedAt: '2026-02-05T14:00:00.000Z', removedBy: 'rn-b' },
  }),
];

describe("the month's care team in the evidence packet and its FHIR bundle", () => {
  const [enrolment, ...rest] = MARCH_ENTRIES;
  const packet = assemblePacket(marchSources({ entries: [enrolment, ...TEAM, ...rest] }));

  it('names every care manager responsible in the month, with when, and the members on the team then', () => {
    expect(packet.careTeam!.careManagers.map(({ careManager, from, to }) => [careManager.staffId, from, to])).toEqual([
      ['rn-b', '2026-02-15T14:00:00.000Z', '2026-03-18T14:00:00.000Z'],
      ['np-c', '2026-03-18T14:00:00.000Z', null],
    ]);
    expect(packet.careTeam!.members.map((member) => member.memberId)).toEqual([PHARMACIST]);
    // The events it draws on are cited, so the packet proves them.
    expect(packet.audit.sourceEvents.filter((event) => event.type === 'CareManagerAssigned')).toHaveLength(2);
    expect(packet.audit.sourceEvents.filter((event) => event.type === 'CareTeamMemberAdded')).toHaveLength(1);
  });

  it('is a CareTeam whose participants resolve inside the bundle', () => {
    const bundle = JSON.parse(JSON.stringify(packetBundle(packet)));
    expect(bundleProblems(bundle)).toEqual([]);
    const [careTeam] = resourcesOf(bundle, 'CareTeam');
    expect(careTeam).toMatchObject({
      status: 'active',
      name: 'Care team, 2026-03',
      period: { start: '2026-03-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z' },
    });
    expect(resolve(bundle, careTeam.subject).resourceType).toBe('Patient');
    const participants = careTeam.participant.map((p: any) => [
      p.role[0].coding[0].code,
      p.member.reference ? resolve(bundle, p.member).name[0].text : p.member.display,
      p.period,
    ]);
    expect(participants).toEqual([
      ['CARE_MANAGER', STAFF.rnB.name, { start: '2026-02-15T14:00:00.000Z', end: '2026-03-18T14:00:00.000Z' }],
      ['CARE_MANAGER', STAFF.npC.name, { start: '2026-03-18T14:00:00.000Z' }],
      ['PHARMACIST', 'Pat Pharmacist (Main St Pharmacy)', { start: '2026-03-05T14:00:00.000Z' }],
    ]);
  });

  it('leaves a packet without care-team events as it was: no careTeam, no CareTeam resource', () => {
    const plain = assemblePacket(marchSources());
    expect('careTeam' in plain).toBe(false);
    expect(resourcesOf(JSON.parse(JSON.stringify(packetBundle(plain))), 'CareTeam')).toEqual([]);
  });
});
