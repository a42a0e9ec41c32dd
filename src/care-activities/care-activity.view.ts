import type { StaffSnapshot } from '../patient-stream/practice-context';
import type { OnCallAtContact } from './care-activity.events';
import type { ActivityAmendment, CareActivityState } from './care-activity.state';

/** GraphQL `CareActivity`: the entry as it stands after corrections, with every amendment and its reason. */
/** GraphQL `OnCallAtContact`. */
export type OnCallAtContactView = { shiftId: string; staffId: string; name: string; credential: StaffSnapshot['credential']; phone: string };

export const onCallView = (afterHours: { onCall: OnCallAtContact[] } | null | undefined): OnCallAtContactView[] =>
  (afterHours?.onCall ?? []).map(({ shiftId, clinician, phone }) => ({
    shiftId,
    staffId: clinician.staffId,
    name: clinician.name,
    credential: clinician.credential,
    phone,
  }));

export type CareActivityView = Omit<CareActivityState, 'performer' | 'origin' | 'amendments' | 'documentedBy' | 'afterHours'> & {
  patientId: string;
  performedBy: StaffSnapshot['staffId'];
  performerName: StaffSnapshot['name'];
  credential: StaffSnapshot['credential'];
  amendments: (ActivityAmendment & { byOtherThanPerformer: boolean })[];
  documentedBy: StaffSnapshot['staffId'];
  documentedByName: StaffSnapshot['name'];
  afterHours: boolean;
  onCall: OnCallAtContactView[];
};

export function toCareActivityView(patientId: string, activity: CareActivityState): CareActivityView {
  // Every other field of the state is shown as it is (the view's type is the state's, less these).
  const { performer, origin: _origin, amendments, documentedBy, afterHours, ...shown } = activity;
  return {
    ...shown,
    patientId,
    performedBy: performer.staffId,
    performerName: performer.name,
    credential: performer.credential,
    amendments: amendments.map((amendment) => ({ ...amendment, byOtherThanPerformer: amendment.by !== performer.staffId })),
    documentedBy: documentedBy.staffId,
    documentedByName: documentedBy.name,
    // Activities stored by the patients read model before after-hours contacts were recorded have no such member.
    afterHours: Boolean(afterHours),
    onCall: onCallView(afterHours),
  };
}

/** Oldest first by start; all months when no month is given. */
export function activitiesOf(patientId: string, activities: readonly CareActivityState[], month?: string | null): CareActivityView[] {
  return activities
    .filter((activity) => !month || activity.month === month)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : 1))
    .map((activity) => toCareActivityView(patientId, activity));
}
