import { useState } from 'react';
import { useQuery } from 'urql';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { errorText } from '../../session/client';
import { DataTable } from '../../ui/data-table';
import { currentMonth, formatCents } from '../../ui/format';
import { MonthPicker } from '../../ui/month-picker';
import { ErrorMessage, Loading } from '../../ui/status';

/** How many months the charts show, ending with the chosen one. */
const MONTHS_SHOWN = 6;

const ProgramMetrics = graphql(`
  query ProgramMetrics($from: YearMonth!, $to: YearMonth!, $careManagerId: ID) {
    programMetrics(from: $from, to: $to, careManagerId: $careManagerId) {
      months {
        month
        eligible
        enrolled
        newlyEnrolled
        unenrolled
        billableRate
        reachedBillableMinutes
        claimReady
        expectedPaymentCents
        billedOnlyOnce
      }
    }
    staffMembers {
      id
      name
      active
    }
  }
`);

/** The month `offset` months before `month` (YYYY-MM). */
export function monthsBefore(month: string, offset: number): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const index = year * 12 + (monthNumber - 1) - offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function Chart({ caption, children }: { caption: string; children: React.ReactElement }) {
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/** The program month by month (issue #15's programMetrics), for the practice or one care manager. */
export function ProgramScreen() {
  const [last, setLast] = useState(currentMonth);
  const [careManagerId, setCareManagerId] = useState('');
  const [{ data, fetching, error }] = useQuery({
    query: ProgramMetrics,
    variables: { from: monthsBefore(last, MONTHS_SHOWN - 1), to: last, careManagerId: careManagerId || null },
  });
  const series = (data?.programMetrics.months ?? []).map((month) => ({
    ...month,
    billablePercent: Math.round(month.billableRate * 100),
    paymentDollars: month.expectedPaymentCents / 100,
  }));

  return (
    <section>
      <h1>Program</h1>
      <div className="toolbar">
        <MonthPicker month={last} onChange={setLast} />
        <label className="inline">
          Care manager
          <select value={careManagerId} onChange={(event) => setCareManagerId(event.target.value)}>
            <option value="">Whole practice</option>
            {(data?.staffMembers ?? [])
              .filter((member) => member.active)
              .map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      <ErrorMessage text={errorText(error)} />
      {fetching && !data && <Loading />}
      {data && (
        <>
          <div className="charts">
            <Chart caption="Enrolment">
              <BarChart data={series} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="enrolled" name="Enrolled" fill="#1d4f91" isAnimationActive={false} />
                <Bar dataKey="newlyEnrolled" name="Newly enrolled" fill="#2f6aa8" isAnimationActive={false} />
              </BarChart>
            </Chart>
            <Chart caption="Share reaching billable minutes (%)">
              <LineChart data={series} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis domain={[0, 100]} />
                <Tooltip />
                <Line dataKey="billablePercent" name="Billable %" stroke="#0b6b3a" strokeWidth={2} isAnimationActive={false} />
              </LineChart>
            </Chart>
            <Chart caption="Expected payment (USD)">
              <BarChart data={series} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis />
                <Tooltip />
                <Bar dataKey="paymentDollars" name="Expected payment" fill="#7a3e00" isAnimationActive={false} />
              </BarChart>
            </Chart>
            <Chart caption="Churn">
              <LineChart data={series} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Line dataKey="unenrolled" name="Unenrolled" stroke="#a4000f" strokeWidth={2} isAnimationActive={false} />
                <Line dataKey="billedOnlyOnce" name="Billed only once" stroke="#5c3b8c" strokeWidth={2} isAnimationActive={false} />
              </LineChart>
            </Chart>
          </div>
          <DataTable
            caption="The figures behind the charts"
            columns={[
              { header: 'Month', cell: (row) => row.month },
              { header: 'Eligible', cell: (row) => row.eligible },
              { header: 'Enrolled', cell: (row) => row.enrolled },
              { header: 'Reached billable minutes', cell: (row) => `${row.reachedBillableMinutes} (${row.billablePercent}%)` },
              { header: 'Claim-ready', cell: (row) => row.claimReady },
              { header: 'Expected payment', cell: (row) => formatCents(row.expectedPaymentCents) },
              { header: 'Unenrolled', cell: (row) => row.unenrolled },
              { header: 'Billed only once', cell: (row) => row.billedOnlyOnce },
            ]}
            rows={series}
            rowKey={(row) => row.month}
          />
        </>
      )}
    </section>
  );
}
