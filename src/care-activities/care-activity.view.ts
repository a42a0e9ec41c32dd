import type { StaffSnapshot } from '../patient-stream/practice-context';
import type { ActivityAmendment, CareActivityState } from './care-activity.state';

/** GraphQL `CareActivity`: the entry as it stands after corrections, with every amendment and its reason. */
export type CareActivityView = Omit<CareActivityState, 'performer' | 'origin' | 'amendments' | 'documentedBy'> & {
  patientId: string;
  performedBy: StaffSnapshot['staffId'];
  performerName: StaffSnapshot['name'];
  credential: StaffSnapshot['credential'];
  amendments: (ActivityAmendment & { byOtherThanPerformer: boolean })[];
  documentedBy: StaffSnapshot['staffId'];
  documentedByName: StaffSnapshot['name'];
};

export function toCareActivityView(patientId: string, activity: CareActivityState): CareActivityView {
  // Every other field of the state is shown as it is (the view's type is the state's, less these).
  const { performer, origin: _origin, amendments, documentedBy, ...shown } = activity;
  return {
    ...shown,
    patientId,
    performedBy: performer.staffId,
    performerName: performer.name,
    credential: performer.credential,
    amendments: amendments.map((amendment) => ({ ...amendment, byOtherThanPerformer: amendment.by !== performer.staffId })),
    documentedBy: documentedBy.staffId,
    documentedByName: documentedBy.name,
  };
}

/** Oldest first by start; all months when no month is given. */
export function activitiesOf(patientId: string, activities: readonly CareActivityState[], month?: string | null): CareActivityView[] {
  return activities
    .filter((activity) => !month || activity.month === month)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : 1))
    .map((activity) => toCareActivityView(patientId, activity));
}
