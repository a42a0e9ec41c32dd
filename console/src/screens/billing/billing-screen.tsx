import { useMemo, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { BillingMonthQuery } from '../../gql/graphql';
import { hrefOf } from '../../router';
import { downloadWithToken, errorText, newId } from '../../session/client';
import { hasRole, type Session } from '../../session/session';
import { DataTable } from '../../ui/data-table';
import { currentMonth, formatCents, formatDateTime, humanize } from '../../ui/format';
import { MonthPicker } from '../../ui/month-picker';
import { pageOf, Pager } from '../../ui/pager';
import { ErrorMessage, Loading } from '../../ui/status';

const PAGE_SIZE = 50;
/** How many patients a blocker group links to before saying "and N more". */
const GROUP_LINKS = 10;

const BillingMonth = graphql(`
  query BillingMonth($month: YearMonth!, $ruleYear: Int) {
    billingMonth(month: $month, ruleYear: $ruleYear) {
      month
      ruleYear
      closed
      closedAt
      patientCount
      claimReadyCount
      submittedCount
      amendedAfterCloseCount
      totalExpectedPaymentCents
      amountUnknown
      patients {
        patientId
        claimReady
        blockers
        warnings
        status
        clinicalStaffMinutes
        practitionerMinutes
        minutesToNextCode
        expectedPaymentCents
        lines {
          cptCode
          units
        }
        claim {
          submittedAt
        }
      }
    }
  }
`);

const CloseMonth = graphql(`
  mutation CloseBillingMonth($input: CloseBillingMonthInput!) {
    closeBillingMonth(input: $input) {
      closed
      closedAt
    }
  }
`);

const SubmitClaim = graphql(`
  mutation SubmitClaim($input: SubmitClaimInput!) {
    submitClaim(input: $input) {
      patientId
      status
    }
  }
`);

const PatientPayer = graphql(`
  query PatientPayer($id: ID!) {
    patient(id: $id) {
      id
      payerId
    }
  }
`);

type Row = BillingMonthQuery['billingMonth']['patients'][number];

const shortId = (patientId: string) => `Patient ${patientId.slice(0, 8)}`;

/** Not claim-ready for want of minutes alone, and a code still reachable: time this month still makes the claim. */
const atRisk = (row: Row) =>
  !row.claimReady && row.blockers.length > 0 && row.blockers.every((blocker) => blocker === 'INSUFFICIENT_TIME') && row.minutesToNextCode !== null;

export function BillingScreen({ session }: { session: Session }) {
  const [month, setMonth] = useState(currentMonth);
  const [whatIfYear, setWhatIfYear] = useState<number | null>(null);
  const [page, setPage] = useState(0);
  const [acknowledgeProvisional, setAcknowledgeProvisional] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [billing, refetch] = useQuery({ query: BillingMonth, variables: { month, ruleYear: null } });
  const [whatIf] = useQuery({ query: BillingMonth, variables: { month, ruleYear: whatIfYear }, pause: whatIfYear === null });
  const [closing, closeMonth] = useMutation(CloseMonth);
  const [submitting, submitClaim] = useMutation(SubmitClaim);
  const client = useClient();
  const canWrite = hasRole(session, 'BILLING');
  const data = billing.data?.billingMonth;

  const groups = useMemo(() => {
    const byBlocker = new Map<string, string[]>();
    for (const row of data?.patients ?? []) for (const blocker of row.blockers) byBlocker.set(blocker, [...(byBlocker.get(blocker) ?? []), row.patientId]);
    return [...byBlocker.entries()].sort((a, b) => b[1].length - a[1].length);
  }, [data]);
  const risky = useMemo(() => (data?.patients ?? []).filter(atRisk), [data]);

  const reload = () => refetch({ requestPolicy: 'network-only' });
  const close = async () => {
    const answer = await closeMonth({ input: { commandId: newId(), month, acknowledgeProvisionalRules: acknowledgeProvisional || null } });
    setMessage(answer.error ? null : `${month} closed.`);
    reload();
  };
  const submit = async (patientId: string) => {
    const payer = await client.query(PatientPayer, { id: patientId }, { requestPolicy: 'network-only' }).toPromise();
    const payerId = payer.data?.patient?.payerId;
    if (!payerId) return setMessage(`${shortId(patientId)} has no payer recorded: the claim cannot be submitted.`);
    const answer = await submitClaim({ input: { commandId: newId(), patientId, month, payerId, acknowledgeProvisionalRules: acknowledgeProvisional || null } });
    setMessage(answer.error ? null : `Claim for ${shortId(patientId)} submitted to ${payerId}.`);
    reload();
  };
  const downloadCsv = () =>
    downloadWithToken(session.token, `/exports/claims/${encodeURIComponent(month)}.csv`, `claims-${month}.csv`).catch((error: Error) =>
      setMessage(`The CSV could not be downloaded: ${error.message}`),
    );

  const rows = data ? pageOf(data.patients, page, PAGE_SIZE) : [];
  const year = Number(month.slice(0, 4));
  return (
    <section>
      <h1>Billing</h1>
      <div className="toolbar">
        <MonthPicker
          month={month}
          onChange={(next) => {
            setMonth(next);
            setPage(0);
          }}
        />
        <label className="inline">
          What-if rule year
          <select value={whatIfYear ?? ''} onChange={(event) => setWhatIfYear(event.target.value ? Number(event.target.value) : null)}>
            <option value="">None</option>
            {[year - 1, year, year + 1].map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage text={errorText(billing.error ?? closing.error ?? submitting.error)} />
      {message && <p role="status">{message}</p>}
      {billing.fetching && !data && <Loading />}
      {data && (
        <>
          <dl className="facts card">
            <dt>Patients</dt>
            <dd>{data.patientCount}</dd>
            <dt>Claim-ready</dt>
            <dd>{data.claimReadyCount}</dd>
            <dt>Expected payment</dt>
            <dd>
              {formatCents(data.totalExpectedPaymentCents)}
              {data.amountUnknown ? ' (some amounts unknown)' : ''}
            </dd>
            <dt>Submitted</dt>
            <dd>{data.submittedCount}</dd>
            <dt>Month</dt>
            <dd>
              {data.closed
                ? `Closed ${formatDateTime(data.closedAt)}${data.amendedAfterCloseCount ? `, ${data.amendedAfterCloseCount} amended since` : ''}`
                : 'Open'}
            </dd>
            {whatIf.data && (
              <>
                <dt>Under {whatIf.data.billingMonth.ruleYear} rules</dt>
                <dd>
                  {whatIf.data.billingMonth.claimReadyCount} claim-ready, {formatCents(whatIf.data.billingMonth.totalExpectedPaymentCents)}
                </dd>
              </>
            )}
          </dl>

          {canWrite && (
            <div className="toolbar">
              <button type="button" onClick={() => void close()} disabled={data.closed || closing.fetching}>
                Close the month
              </button>
              <label className="inline">
                <input type="checkbox" checked={acknowledgeProvisional} onChange={(event) => setAcknowledgeProvisional(event.target.checked)} /> Acknowledge
                provisional rules
              </label>
              <button type="button" onClick={() => void downloadCsv()}>
                Download claims CSV
              </button>
            </div>
          )}

          <section aria-labelledby="blockers-heading">
            <h2 id="blockers-heading">Blockers</h2>
            {groups.length === 0 ? (
              <p>Nothing blocks a claim this month.</p>
            ) : (
              <ul className="groups">
                {groups.map(([blocker, patientIds]) => (
                  <li key={blocker}>
                    <details>
                      <summary>
                        {humanize(blocker)}: {patientIds.length}
                      </summary>
                      <ul>
                        {patientIds.slice(0, GROUP_LINKS).map((patientId) => (
                          <li key={patientId}>
                            <a href={hrefOf('patients', patientId)}>{shortId(patientId)}</a>
                          </li>
                        ))}
                        {patientIds.length > GROUP_LINKS && <li>and {patientIds.length - GROUP_LINKS} more</li>}
                      </ul>
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="at-risk-heading">
            <h2 id="at-risk-heading">At risk: short of minutes</h2>
            {risky.length === 0 ? (
              <p>No patient is short of minutes only.</p>
            ) : (
              <ul>
                {risky.slice(0, GROUP_LINKS).map((row) => (
                  <li key={row.patientId}>
                    <a href={hrefOf('patients', row.patientId)}>{shortId(row.patientId)}</a>: {row.minutesToNextCode} more minutes
                  </li>
                ))}
                {risky.length > GROUP_LINKS && <li>and {risky.length - GROUP_LINKS} more</li>}
              </ul>
            )}
          </section>

          <section aria-labelledby="patients-heading">
            <h2 id="patients-heading">Patient-months</h2>
            <DataTable
              columns={[
                { header: 'Patient', cell: (row) => <a href={hrefOf('patients', row.patientId)}>{shortId(row.patientId)}</a> },
                { header: 'Minutes', cell: (row) => `${row.clinicalStaffMinutes} staff, ${row.practitionerMinutes} practitioner` },
                { header: 'Codes', cell: (row) => row.lines.map((line) => `${line.cptCode} × ${line.units}`).join(', ') || '—' },
                { header: 'Expected', cell: (row) => formatCents(row.expectedPaymentCents) },
                { header: 'Status', cell: (row) => (row.claimReady ? `Ready, ${row.status}` : row.blockers.map(humanize).join(', ')) },
                {
                  header: 'Claim',
                  cell: (row) =>
                    row.claim ? (
                      `Submitted ${formatDateTime(row.claim.submittedAt)}`
                    ) : canWrite && data.closed && row.claimReady ? (
                      <button type="button" onClick={() => void submit(row.patientId)} aria-label={`Submit claim for ${shortId(row.patientId)}`}>
                        Submit claim
                      </button>
                    ) : (
                      '—'
                    ),
                },
              ]}
              rows={rows}
              rowKey={(row) => row.patientId}
            />
            <Pager label="Billing" page={page} pageCount={Math.ceil(data.patients.length / PAGE_SIZE)} total={data.patients.length} onPage={setPage} />
          </section>
        </>
      )}
    </section>
  );
}
