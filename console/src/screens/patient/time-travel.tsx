import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { PatientAsOfQuery } from '../../gql/graphql';
import { errorText } from '../../session/client';
import { formatDateTime } from '../../ui/format';
import { ErrorMessage } from '../../ui/status';

const PatientAsOf = graphql(`
  query PatientAsOf($id: ID!, $at: DateTime!) {
    patientAsOf(id: $id, at: $at) {
      name
      version
      program
      conditions {
        icd10
        active
      }
      consent {
        given
        method
        revokedAt
      }
      carePlan {
        version
        sharedVersion
      }
      medications {
        name
        active
      }
      activities {
        id
        minutes
        status
      }
    }
  }
`);

type Snapshot = NonNullable<PatientAsOfQuery['patientAsOf']>;

/** The record's facts as short lines, so two instants compare line by line. */
function factsOf(record: Snapshot | null | undefined): string[] {
  if (!record) return ['Not enrolled yet'];
  return [
    `Program ${record.program}`,
    ...record.conditions.map((condition) => `Condition ${condition.icd10}${condition.active ? '' : ' (resolved)'}`),
    record.consent ? `Consent ${record.consent.given ? 'in force' : 'not in force'} (${record.consent.method ?? '—'})` : 'No consent',
    record.carePlan ? `Care plan version ${record.carePlan.version}, shared version ${record.carePlan.sharedVersion ?? 'none'}` : 'No care plan',
    ...record.medications.map((medication) => `Medication ${medication.name}${medication.active ? '' : ' (inactive)'}`),
    ...record.activities.map((activity) => `Time entry ${activity.id.slice(0, 8)}: ${activity.minutes} min, ${activity.status}`),
  ];
}

interface Instant {
  revision: number;
  at: string;
  eventType: string;
}

/**
 * The record as it stood after any event of the trail (a slider over its revisions), and what changed between two
 * of them: each side is folded by the server from the events recorded up to that instant (patientAsOf).
 */
export function TimeTravel({ patientId, instants }: { patientId: string; instants: Instant[] }) {
  const last = Math.max(0, instants.length - 1);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(last);
  const fromInstant = instants[Math.min(from, last)];
  const toInstant = instants[Math.min(to, last)];
  const [before] = useQuery({ query: PatientAsOf, variables: { id: patientId, at: fromInstant?.at ?? '' }, pause: !fromInstant });
  const [after] = useQuery({ query: PatientAsOf, variables: { id: patientId, at: toInstant?.at ?? '' }, pause: !toInstant });
  if (!fromInstant || !toInstant) return null;

  const beforeFacts = factsOf(before.data?.patientAsOf);
  const afterFacts = factsOf(after.data?.patientAsOf);
  const added = afterFacts.filter((fact) => !beforeFacts.includes(fact));
  const removed = beforeFacts.filter((fact) => !afterFacts.includes(fact));

  return (
    <section aria-labelledby="time-travel-heading" className="card">
      <h2 id="time-travel-heading">The record as it stood</h2>
      <div className="grid-form with-value">
        <label htmlFor="as-of-from">Compare from</label>
        <input
          id="as-of-from"
          type="range"
          min={0}
          max={last}
          value={from}
          onChange={(event) => setFrom(Number(event.target.value))}
          aria-valuetext={`revision ${fromInstant.revision}, ${formatDateTime(fromInstant.at)}`}
        />
        <span>
          Revision {fromInstant.revision} ({fromInstant.eventType}), {formatDateTime(fromInstant.at)}
        </span>
        <label htmlFor="as-of-to">Record as of</label>
        <input
          id="as-of-to"
          type="range"
          min={0}
          max={last}
          value={to}
          onChange={(event) => setTo(Number(event.target.value))}
          aria-valuetext={`revision ${toInstant.revision}, ${formatDateTime(toInstant.at)}`}
        />
        <span>
          Revision {toInstant.revision} ({toInstant.eventType}), {formatDateTime(toInstant.at)}
        </span>
      </div>
      <ErrorMessage text={errorText(before.error ?? after.error)} />
      <div className="columns">
        <div>
          <h3>As of revision {toInstant.revision}</h3>
          <ul aria-label="Record as of the chosen instant">
            {afterFacts.map((fact) => (
              <li key={fact}>{fact}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Changed since revision {fromInstant.revision}</h3>
          {added.length === 0 && removed.length === 0 ? (
            <p>Nothing changed.</p>
          ) : (
            <ul aria-label="Changes between the two instants">
              {added.map((fact) => (
                <li key={`+${fact}`}>Added: {fact}</li>
              ))}
              {removed.map((fact) => (
                <li key={`-${fact}`}>Removed: {fact}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
