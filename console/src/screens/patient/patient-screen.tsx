import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorText } from '../../session/client';
import { hasRole, type Session } from '../../session/session';
import { currentMonth, formatDateTime, humanize } from '../../ui/format';
import { MonthPicker } from '../../ui/month-picker';
import { ErrorMessage, Loading } from '../../ui/status';
import { AuditTab } from './audit-tab';
import { LiveTimer } from './live-timer';
import { QuickEntry, TimeEntries } from './time-entries';

const PatientRecord = graphql(`
  query PatientRecord($id: ID!, $month: YearMonth!) {
    patient(id: $id) {
      id
      name
      birthDate
      program
      enrolledOn
      billingPractitionerId
      conditions {
        icd10
        description
        active
        onset
      }
      eligibility {
        eligible
        reasons
      }
      consent {
        given
        method
        givenAt
        revokedAt
        revocationReason
      }
      carePlan {
        version
        problems
        goals
        interventions
        reviewBy
        sharedWithPatientAt
        sharedVersion
        lastRevisedAt
        revisions {
          version
          effectiveAt
          substantial
          reason
          revisedBy
          changed
        }
      }
      medications {
        name
        dose
        frequency
        active
      }
      careManager {
        id
        name
        credential
      }
      careTeam {
        memberId
        role
        name
        organization
        phone
      }
      openTasks {
        id
        title
        kind
        dueOn
        overdue
      }
      activities(month: $month) {
        id
        kind
        startedAt
        minutes
        summary
        status
        source
        performerName
        amendments {
          action
          reason
          by
          minutes
        }
      }
    }
  }
`);

const PatientMinutes = graphql(`
  query PatientMinutes($patientId: ID!, $month: YearMonth!) {
    patientBillingMonth(patientId: $patientId, month: $month) {
      clinicalStaffMinutes
      practitionerMinutes
      minutesToNextCode
      claimReady
      blockers
      status
      lines {
        cptCode
        units
      }
    }
  }
`);

type Tab = 'record' | 'audit';

export function PatientScreen({ patientId, session }: { patientId: string; session: Session }) {
  const [month, setMonth] = useState(currentMonth);
  const [tab, setTab] = useState<Tab>('record');
  const [record, refetchRecord] = useQuery({ query: PatientRecord, variables: { id: patientId, month } });
  const [minutes, refetchMinutes] = useQuery({ query: PatientMinutes, variables: { patientId, month } });
  const refresh = () => {
    refetchRecord({ requestPolicy: 'network-only' });
    refetchMinutes({ requestPolicy: 'network-only' });
  };
  const patient = record.data?.patient;
  const canDocument = hasRole(session, 'CARE_MANAGER', 'PRACTITIONER');
  const canAudit = hasRole(session, 'COMPLIANCE_OFFICER', 'ADMIN');

  if (record.fetching && !patient) return <Loading />;
  if (!patient) {
    return (
      <>
        <h1>Patient not found</h1>
        <ErrorMessage text={errorText(record.error) ?? 'No patient of your practice has this id.'} />
      </>
    );
  }

  const month_ = minutes.data?.patientBillingMonth;
  return (
    <article>
      <h1>{patient.name}</h1>
      <p className="muted">
        {patient.program} · born {patient.birthDate} · enrolled {patient.enrolledOn}
      </p>
      <div role="tablist" aria-label="Patient views" className="tabs">
        <button type="button" role="tab" id="tab-record" aria-selected={tab === 'record'} aria-controls="panel-record" onClick={() => setTab('record')}>
          Care record
        </button>
        {canAudit && (
          <button type="button" role="tab" id="tab-audit" aria-selected={tab === 'audit'} aria-controls="panel-audit" onClick={() => setTab('audit')}>
            Audit trail
          </button>
        )}
      </div>

      {tab === 'audit' && canAudit ? (
        <div role="tabpanel" id="panel-audit" aria-labelledby="tab-audit">
          <AuditTab patientId={patientId} />
        </div>
      ) : (
        <div role="tabpanel" id="panel-record" aria-labelledby="tab-record">
          <div className="toolbar">
            <MonthPicker month={month} onChange={setMonth} />
          </div>
          <section aria-labelledby="minutes-heading" className="card">
            <h2 id="minutes-heading">Minutes in {month}</h2>
            <ErrorMessage text={errorText(minutes.error)} />
            {month_ && (
              <dl className="facts">
                <dt>Clinical staff minutes</dt>
                <dd>{month_.clinicalStaffMinutes}</dd>
                <dt>Billing practitioner minutes</dt>
                <dd>{month_.practitionerMinutes}</dd>
                <dt>To the next code</dt>
                <dd>
                  {month_.minutesToNextCode === null || month_.minutesToNextCode === undefined
                    ? 'No further code this month'
                    : `${month_.minutesToNextCode} more minutes`}
                </dd>
                <dt>Codes</dt>
                <dd>{month_.lines.map((line) => `${line.cptCode} × ${line.units}`).join(', ') || 'None yet'}</dd>
                <dt>Claim</dt>
                <dd>{month_.claimReady ? `Ready (${month_.status})` : `Not ready: ${month_.blockers.map(humanize).join(', ')}`}</dd>
              </dl>
            )}
          </section>
          {canDocument && (
            <div className="columns">
              <LiveTimer patientId={patientId} performedBy={session.sub} onSaved={refresh} />
              <QuickEntry patientId={patientId} performedBy={session.sub} onSaved={refresh} />
            </div>
          )}
          <TimeEntries patientId={patientId} entries={patient.activities} canWrite={canDocument} onChanged={refresh} />

          <section aria-labelledby="team-heading">
            <h2 id="team-heading">Care team</h2>
            <p>Care manager: {patient.careManager ? `${patient.careManager.name} (${patient.careManager.credential})` : 'none assigned'}</p>
            {patient.careTeam.length > 0 && (
              <ul>
                {patient.careTeam.map((member) => (
                  <li key={member.memberId}>
                    {humanize(member.role)}: {member.name}
                    {member.organization ? `, ${member.organization}` : ''}
                    {member.phone ? `, ${member.phone}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Open tasks</h2>
            {patient.openTasks.length === 0 ? (
              <p>No open task.</p>
            ) : (
              <ul>
                {patient.openTasks.map((task) => (
                  <li key={task.id}>
                    {task.title} ({humanize(task.kind)}), due {task.dueOn}
                    {task.overdue && <span className="flag">Overdue</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="conditions-heading">
            <h2 id="conditions-heading">Chronic conditions</h2>
            <ul>
              {patient.conditions.map((condition) => (
                <li key={condition.icd10}>
                  {condition.icd10} {condition.description}
                  {condition.active ? '' : ' (resolved)'}
                </li>
              ))}
            </ul>
            <p>{patient.eligibility.eligible ? 'Eligible for the program.' : `Not eligible: ${patient.eligibility.reasons.join('; ')}`}</p>
          </section>

          <section aria-labelledby="consent-heading">
            <h2 id="consent-heading">Consent</h2>
            {patient.consent ? (
              <p>
                {patient.consent.given ? 'In force' : 'Not in force'}: {patient.consent.method?.toLowerCase()} consent given{' '}
                {formatDateTime(patient.consent.givenAt)}
                {patient.consent.revokedAt ? `, revoked ${formatDateTime(patient.consent.revokedAt)} (${patient.consent.revocationReason ?? ''})` : ''}
              </p>
            ) : (
              <p>No consent documented.</p>
            )}
          </section>

          <section aria-labelledby="plan-heading">
            <h2 id="plan-heading">Care plan</h2>
            {patient.carePlan ? (
              <>
                <p>
                  Version {patient.carePlan.version}, last revised {formatDateTime(patient.carePlan.lastRevisedAt)}; review by{' '}
                  {patient.carePlan.reviewBy ?? '—'};{' '}
                  {patient.carePlan.sharedWithPatientAt
                    ? `version ${patient.carePlan.sharedVersion} shared ${formatDateTime(patient.carePlan.sharedWithPatientAt)}`
                    : 'not yet shared with the patient'}
                  .
                </p>
                <dl className="facts">
                  <dt>Problems</dt>
                  <dd>{patient.carePlan.problems.join('; ')}</dd>
                  <dt>Goals</dt>
                  <dd>{patient.carePlan.goals.join('; ')}</dd>
                  <dt>Interventions</dt>
                  <dd>{patient.carePlan.interventions.join('; ')}</dd>
                </dl>
                <h3>Versions</h3>
                <ol>
                  <li>Version 1</li>
                  {patient.carePlan.revisions.map((revision) => (
                    <li key={revision.version}>
                      Version {revision.version} ({formatDateTime(revision.effectiveAt)}, {revision.substantial ? 'substantial' : 'minor'}): {revision.reason};
                      changed {revision.changed.join(', ')}
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p>No care plan yet.</p>
            )}
          </section>

          <section aria-labelledby="medications-heading">
            <h2 id="medications-heading">Medications</h2>
            {patient.medications.length === 0 ? (
              <p>No reconciliation yet.</p>
            ) : (
              <ul>
                {patient.medications.map((medication) => (
                  <li key={medication.name}>
                    {medication.name} {medication.dose ?? ''} {medication.frequency ?? ''}
                    {medication.active ? '' : ' (inactive)'}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </article>
  );
}
