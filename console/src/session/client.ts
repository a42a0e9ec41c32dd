import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from 'urql';

/**
 * The GraphQL client of a session: the bearer token on every request, and a request the server answers
 * UNAUTHENTICATED (an expired or revoked token) ends the session, back to sign-in.
 */
export function createClient(token: string, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    // POST only: the API serves queries over POST (no GET, so no query text lands in a URL or a log line).
    preferGetMethod: false,
    // Every answer is read fresh after a change: mutations name no cache keys, so the cache would serve stale rows.
    requestPolicy: 'cache-and-network',
    exchanges: [
      mapExchange({
        onError(error: CombinedError) {
          const unauthenticated = error.response?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          if (unauthenticated) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
  });
}

/** The message of a GraphQL error for people, with its stable code (and refusal reason) for the record. */
export function errorText(error: CombinedError | undefined): string | null {
  if (!error) return null;
  if (error.networkError) return 'The server could not be reached. Try again.';
  return error.graphQLErrors
    .map((e) => {
      const reason = e.extensions?.reason ?? e.extensions?.code;
      return reason ? `${e.message} (${String(reason)})` : e.message;
    })
    .join('; ');
}

/** A client-generated id for a mutation's commandId, activityId...: a retry with the same id appends nothing twice. */
export const newId = () => crypto.randomUUID();

/** Downloads a protected file (CSV, PDF, FHIR) with the bearer token, as a blob: URL the browser saves. */
export async function downloadWithToken(token: string, url: string, fileName: string): Promise<void> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`The server answered ${response.status}`);
  saveBlob(await response.blob(), fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
