import { useEffect, useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import { createClient } from '../session/client';
import { sessionFromToken, type Session } from '../session/session';
import { ErrorMessage } from '../ui/status';

const SignInCheck = graphql(`
  query SignInCheck {
    me {
      id
      roles
    }
  }
`);

interface DevIdentity {
  sub: string;
  roles: string[];
  practiceId?: string;
  payerId?: string;
  token: string;
}

/**
 * Sign in with a bearer token from the practice's identity provider (or `npm run token`). Outside production the
 * server also offers development identities (GET /console/dev-identities; 404 in production, and then none show).
 */
export function SignInScreen({ notice, onSignedIn }: { notice: string | null; onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [identities, setIdentities] = useState<DevIdentity[]>([]);

  useEffect(() => {
    let cancelled = false;
    fetch('/console/dev-identities')
      .then((response) => (response.ok ? (response.json() as Promise<DevIdentity[]>) : []))
      .then((found) => !cancelled && setIdentities(found))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = async (candidate: string) => {
    const session = sessionFromToken(candidate);
    if (!session) return setError('That is not an access token.');
    // The server is the judge: `me` answers only for a token it accepts.
    const result = await createClient(session.token, () => undefined)
      .query(SignInCheck, {})
      .toPromise();
    if (result.error?.networkError && !result.error.response) return setError('The server could not be reached. Try again.');
    if (!result.data?.me) return setError('The server did not accept this access token.');
    onSignedIn(session);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn(token);
  };

  return (
    <section className="sign-in">
      <h1>Sign in to CareLedger</h1>
      {notice && <p role="status">{notice}</p>}
      <form onSubmit={submit}>
        <label htmlFor="access-token">Access token</label>
        <textarea id="access-token" value={token} onChange={(event) => setToken(event.target.value)} rows={4} autoComplete="off" spellCheck={false} />
        <button type="submit">Sign in</button>
      </form>
      <ErrorMessage text={error} />
      {identities.length > 0 && (
        <section aria-labelledby="dev-identities">
          <h2 id="dev-identities">Development identities</h2>
          <p>Offered outside production only.</p>
          <ul className="identities">
            {identities.map((identity) => (
              <li key={identity.sub}>
                <button type="button" onClick={() => void signIn(identity.token)}>
                  Sign in as {identity.sub} ({identity.roles.join(', ')}
                  {identity.practiceId ? ` in ${identity.practiceId}` : ''}
                  {identity.payerId ? ` for ${identity.payerId}` : ''})
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
