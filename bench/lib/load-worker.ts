/**
 * The load generator of the GraphQL scenario: a SECOND process (forked by the server's process), so the load it
 * puts on the machine is not counted inside the server's event loop. It runs autocannon's programmatic API with
 * a fresh body per request (new commandId and activityId for every logCall, a random patient) and reports back.
 */
import { randomUUID } from 'node:crypto';

/** The slice of autocannon's programmatic API used here (the package ships no type declarations). */
interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => unknown;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export interface LoadRequest {
  url: string;
  token: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  operation: 'logCall' | 'patient' | 'me';
  document: string;
  patientIds: string[];
  /** Staff id of the token's subject (performedBy of the calls). */
  performedBy: string;
}

export interface LoadResult {
  operation: string;
  requestsPerSecond: number;
  requests: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  firstGraphqlError?: string;
  seconds: number;
}

const SUMMARIES = ['Reviewed glucose log and diet', 'Blood pressure readings reviewed', 'Coordinated cardiology referral', 'Discussed inhaler technique'];
const KINDS = ['PATIENT_CALL', 'CARE_COORDINATION', 'SECURE_MESSAGE', 'EDUCATION'];

function body(request: LoadRequest): string {
  const patientId = request.patientIds[Math.floor(Math.random() * request.patientIds.length)];
  if (request.operation === 'me') return JSON.stringify({ query: request.document });
  if (request.operation === 'patient') return JSON.stringify({ query: request.document, variables: { id: patientId, month: null } });
  // A call in the last five months (valid time in the past), so patient-months spread as a practice's do.
  const startedAt = new Date(Date.now() - Math.floor(Math.random() * 150 * 86_400_000) - 3_600_000).toISOString();
  const input = {
    commandId: randomUUID(),
    patientId,
    activityId: randomUUID(),
    kind: KINDS[Math.floor(Math.random() * KINDS.length)],
    performedBy: request.performedBy,
    startedAt,
    minutes: 5 + Math.floor(Math.random() * 25),
    direction: 'OUTBOUND',
    summary: SUMMARIES[Math.floor(Math.random() * SUMMARIES.length)],
    source: 'LIVE_TIMER',
  };
  return JSON.stringify({ query: request.document, variables: { input } });
}

function run(request: LoadRequest, seconds: number): Promise<LoadResult> {
  let graphqlErrors = 0;
  let firstGraphqlError: string | undefined;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${request.url}/graphql`,
        method: 'POST',
        connections: request.connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body(request) }),
            onResponse: (_status: number, responseBody: string) => {
              if (responseBody.includes('"errors"')) {
                graphqlErrors += 1;
                firstGraphqlError ??= responseBody.slice(0, 300);
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          operation: request.operation,
          requestsPerSecond: result.requests.total / result.duration,
          requests: result.requests.total,
          latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          graphqlErrors,
          firstGraphqlError,
          seconds: result.duration,
        });
      },
    );
  });
}

process.once('message', (request: LoadRequest) => {
  (async () => {
    if (request.warmupSeconds > 0) await run(request, request.warmupSeconds);
    // Tells the server the measured part starts (it reads its CPU time from here).
    process.send!({ kind: 'measuring' });
    const result = await run(request, request.seconds);
    process.send!({ kind: 'result', result }, () => process.exit(0));
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
});
