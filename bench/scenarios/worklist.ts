/**
 * worklist: latency of the first page (50 rows, most urgent first) of a practice's month worklist over 5,000
 * patients (quick: 300), each with a realistic month of about 20 events, over HTTP as a practice admin, one request
 * at a time. Every row's figures are billing's stored results; ordering needs every row, paging only the first 50.
 */
import { practiceId } from '../lib/care-log';
import { progress, runScenario, type Row } from '../lib/report';
import { summarise } from '../lib/stats';
import { onGeneratedLog } from '../lib/generated-log-app';

const MONTH = '2026-10';
const FIRST_PAGE = `query($month: YearMonth!) {
  worklist(month: $month, first: 50) { totalCount edges { node { patient { id name } careManagerId countedMinutes nextCode minutesToNextCode daysLeftInMonth lastContactAt atRisk blockers openTaskCount overdueTaskCount reasons } } }
}`;

runScenario(async (options) => {
  const patients = options.overrides.worklistPatients ?? (options.quick ? 300 : 5_000);
  const requests = options.overrides.worklistRequests ?? (options.quick ? 5 : 30);
  const shape = { seed: 3, practices: 1, patientsPerPractice: patients, months: [MONTH], eventsPerPatient: 20 };
  const rows: Row[] = [];
  await onGeneratedLog('worklist', options, shape, async (app, log) => {
    const { catchUpSeconds } = log;
    const token = await app.token({ sub: 'admin-1', roles: ['ADMIN'], practiceId: practiceId(0) });
    const latencies: number[] = [];
    let totalCount = 0;
    for (let i = 0; i < requests + 2; i++) {
      const begun = performance.now();
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: FIRST_PAGE, variables: { month: MONTH } }),
      });
      const text = await response.text();
      const elapsed = performance.now() - begun;
      const body = JSON.parse(text) as { data?: { worklist: { totalCount: number; edges: unknown[] } }; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`worklist failed: ${text.slice(0, 500)}`);
      totalCount = body.data.worklist.totalCount;
      // The first two warm the JIT and the caches.
      if (i >= 2) latencies.push(elapsed);
    }
    const latency = summarise(latencies);
    progress('worklist', `first page: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms for ${totalCount} patients`);
    rows.push({
      id: 'worklist/first-page',
      scenario: 'worklist',
      measure: `worklist of ${totalCount.toLocaleString('en-US')} patients, first page of 50 (over HTTP)`,
      value: latency.p50,
      unit: 'ms (p50)',
      p50: latency.p50,
      p99: latency.p99,
      target:
        patients >= 5_000 ? { goal: 'p50 < 50 ms for 5,000 patients', met: latency.p50 < 50 } : { goal: 'p50 < 50 ms (judged at 5,000 patients)', met: null },
      detail: { latency, events: log.events, catchUpSeconds },
    });
  });
  return {
    scenario: 'worklist',
    rows,
    conditions: {
      synchronous: options.synchronous,
      patients,
      month: MONTH,
      eventsPerPatient: 20,
      requests,
      figure: 'sequential requests after two warm-up requests',
    },
    notes: ['each page read is also written to the access log (one row per patient on the page)'],
  };
});
