import type { CareActivityKind } from '../../gql/graphql';

/** Every kind of care activity, in words; typed by the schema, so a renamed kind fails the build. */
export const ACTIVITY_KINDS: Record<CareActivityKind, string> = {
  PATIENT_CALL: 'Patient call',
  SECURE_MESSAGE: 'Secure message',
  CARE_COORDINATION: 'Care coordination',
  MEDICATION_MANAGEMENT: 'Medication management',
  CARE_PLAN_WORK: 'Care plan work',
  EDUCATION: 'Education',
  TRANSITION_OF_CARE: 'Transition of care',
};

export function ActivitySelect({
  value,
  onChange,
  id,
  label,
}: {
  value: CareActivityKind;
  onChange: (kind: CareActivityKind) => void;
  id: string;
  label: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as CareActivityKind)}>
        {(Object.keys(ACTIVITY_KINDS) as CareActivityKind[]).map((kind) => (
          <option key={kind} value={kind}>
            {ACTIVITY_KINDS[kind]}
          </option>
        ))}
      </select>
    </>
  );
}
