import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphql } from '../../gql';
import { errorText } from '../../session/client';
import { currentMonth, formatCents } from '../../ui/format';
import { MonthPicker } from '../../ui/month-picker';
import { ErrorMessage, Loading } from '../../ui/status';

/** How many months the charts show, ending with the chosen one. */
const MONTHS_SHOWN = 6;

/**
 * The program month by month, from the billing months (issue #15's programMetrics is in the schema but has no
 * resolver yet; churn and the per-care-manager view wait for it): patients enrolled by each month's end, the share claim-ready (reaching billable minutes with its
 * documentation), and the expected payment. Six aliased month totals in one request.
 */
const ProgramMonths = graphql(`
  query ProgramMonths($m0: YearMonth!, $m1: YearMonth!, $m2: YearMonth!, $m3: YearMonth!, $m4: YearMonth!, $m5: YearMonth!) {
    m0: billingMonth(month: $m0) {
      ...ProgramMonth
    }
    m1: billingMonth(month: $m1) {
      ...ProgramMonth
    }
    m2: billingMonth(month: $m2) {
      ...ProgramMonth
    }
    m3: billingMonth(month: $m3) {
      ...ProgramMonth
    }
    m4: billingMonth(month: $m4) {
      ...ProgramMonth
    }
    m5: billingMonth(month: $m5) {
      ...ProgramMonth
    }
  }
  fragment ProgramMonth on BillingMonth {
    month
    patientCount
    claimReadyCount
    submittedCount
    totalExpectedPaymentCents
  }
`);

/** The month `offset` months before `month` (YYYY-MM). */
export function monthsBefore(month: string, offset: number): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const index = year * 12 + (monthNumber - 1) - offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function ProgramScreen() {
  const [last, setLast] = useState(currentMonth);
  const months = useMemo(() => Array.from({ length: MONTHS_SHOWN }, (_, i) => monthsBefore(last, MONTHS_SHOWN - 1 - i)), [last]);
  const [{ data, fetching, error }] = useQuery({
    query: ProgramMonths,
    variables: { m0: months[0], m1: months[1], m2: months[2], m3: months[3], m4: months[4], m5: months[5] },
  });
  const series = data
    ? [data.m0, data.m1, data.m2, data.m3, data.m4, data.m5].map((month) => ({
        month: month.month,
        enrolled: month.patientCount,
        claimReadyShare: month.patientCount === 0 ? 0 : Math.round((100 * month.claimReadyCount) / month.patientCount),
        paymentDollars: month.totalExpectedPaymentCents / 100,
        submitted: month.submittedCount,
      }))
    : [];

  return (
    <section>
      <h1>Program</h1>
      <div className="toolbar">
        <MonthPicker month={last} onChange={setLast} />
      </div>
      <ErrorMessage text={errorText(error)} />
      {fetching && !data && <Loading />}
      {data && (
        <>
          <div className="charts">
            <figure>
              <figcaption>Patients enrolled by month end</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={series} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="enrolled" name="Enrolled" fill="#1d4f91" />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <figure>
              <figcaption>Share claim-ready (%)</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <LineChart data={series} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis domain={[0, 100]} />
                  <Tooltip />
                  <Legend />
                  <Line dataKey="claimReadyShare" name="Claim-ready %" stroke="#0b6b3a" strokeWidth={2} />
                </LineChart>
              </ResponsiveContainer>
            </figure>
            <figure>
              <figcaption>Expected payment (USD)</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={series} accessibilityLayer>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis />
                  <Tooltip />
                  <Bar dataKey="paymentDollars" name="Expected payment" fill="#7a3e00" />
                </BarChart>
              </ResponsiveContainer>
            </figure>
          </div>
          <table>
            <caption>The figures behind the charts</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Enrolled</th>
                <th scope="col">Claim-ready</th>
                <th scope="col">Submitted</th>
                <th scope="col">Expected payment</th>
              </tr>
            </thead>
            <tbody>
              {series.map((row) => (
                <tr key={row.month}>
                  <td>{row.month}</td>
                  <td>{row.enrolled}</td>
                  <td>{row.claimReadyShare}%</td>
                  <td>{row.submitted}</td>
                  <td>{formatCents(row.paymentDollars * 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
