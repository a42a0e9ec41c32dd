import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { hrefOf, useRoute, type Route } from './router';
import { BillingScreen } from './screens/billing/billing-screen';
import { ClaimsScreen } from './screens/payer/claims-screen';
import { EvidenceScreen } from './screens/payer/evidence-screen';
import { OfflineVerifierScreen } from './screens/payer/offline-verifier-screen';
import { PatientScreen } from './screens/patient/patient-screen';
import { ProgramScreen } from './screens/program/program-screen';
import { SignInScreen } from './screens/sign-in-screen';
import { PatientsScreen } from './screens/worklist/patients-screen';
import { WorklistScreen } from './screens/worklist/worklist-screen';
import { createClient } from './session/client';
import { clearSession, hasRole, isExpired, loadSession, saveSession, type Session } from './session/session';

/** Where each role lands after signing in, and which screens its navigation offers. */
function navigationFor(session: Session): { label: string; href: string }[] {
  const links: { label: string; href: string }[] = [];
  if (hasRole(session, ...WORKLIST_ROLES)) links.push({ label: 'Worklist', href: hrefOf('worklist') });
  if (hasRole(session, 'CARE_MANAGER', 'PRACTITIONER', 'ADMIN', 'COMPLIANCE_OFFICER', 'BILLING')) links.push({ label: 'Patients', href: hrefOf('patients') });
  if (hasRole(session, 'BILLING', 'ADMIN', 'COMPLIANCE_OFFICER')) links.push({ label: 'Billing', href: hrefOf('billing') });
  if (hasRole(session, 'ADMIN', 'BILLING', 'COMPLIANCE_OFFICER')) links.push({ label: 'Program', href: hrefOf('program') });
  if (hasRole(session, 'PAYER')) links.push({ label: 'Claims', href: hrefOf('claims') });
  links.push({ label: 'Offline verifier', href: hrefOf('verify') });
  return links;
}

/** Who has a worklist (the worklist query's roles). */
const WORKLIST_ROLES = ['CARE_MANAGER', 'PRACTITIONER', 'ADMIN'] as const;

const landingOf = (session: Session): Route => {
  if (hasRole(session, 'PAYER')) return { screen: 'claims' };
  if (hasRole(session, ...WORKLIST_ROLES)) return { screen: 'worklist' };
  if (hasRole(session, 'BILLING')) return { screen: 'billing' };
  return { screen: 'patients' };
};

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why: string | null) => {
    clearSession();
    setSession(null);
    setNotice(why);
  }, []);

  // A token's expiry ends the session when it comes, not at the next request.
  useEffect(() => {
    if (!session?.expiresAt) return;
    const remaining = session.expiresAt * 1000 - Date.now();
    const timer = setTimeout(() => signOut('Your session has expired. Sign in again.'), Math.max(0, Math.min(remaining, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const client = useMemo(() => (session ? createClient(session.token, () => signOut('Your session has expired. Sign in again.')) : null), [session, signOut]);

  // The offline verifier needs no session and calls no server.
  if (route.screen === 'verify' && !session)
    return (
      <Shell session={null} onSignOut={() => undefined}>
        <OfflineVerifierScreen />
      </Shell>
    );

  if (!session || !client || isExpired(session)) {
    return (
      <Shell session={null} onSignOut={() => undefined}>
        <SignInScreen
          notice={notice}
          onSignedIn={(next) => {
            saveSession(next);
            setNotice(null);
            setSession(next);
          }}
        />
      </Shell>
    );
  }

  const shown = route.screen === 'home' ? landingOf(session) : route;
  return (
    <Provider value={client}>
      <Shell session={session} onSignOut={() => signOut(null)}>
        <Screen route={shown} session={session} />
      </Shell>
    </Provider>
  );
}

function Screen({ route, session }: { route: Route; session: Session }) {
  switch (route.screen) {
    case 'patient':
      return <PatientScreen key={route.patientId} patientId={route.patientId} session={session} />;
    case 'billing':
      return <BillingScreen session={session} />;
    case 'claims':
      return <ClaimsScreen />;
    case 'evidence':
      return <EvidenceScreen patientId={route.patientId} month={route.month} session={session} />;
    case 'verify':
      return <OfflineVerifierScreen />;
    case 'program':
      return <ProgramScreen />;
    case 'patients':
      return <PatientsScreen />;
    case 'worklist':
      return <WorklistScreen />;
    default:
      return <Screen route={landingOf(session)} session={session} />;
  }
}

function Shell({ session, onSignOut, children }: { session: Session | null; onSignOut: () => void; children: React.ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">CareLedger</span>
        {session && (
          <>
            <nav aria-label="Main">
              <ul>
                {navigationFor(session).map((link) => (
                  <li key={link.href}>
                    <a href={link.href}>{link.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <span className="who">
              {session.sub} · {session.roles.join(', ')}
            </span>
            <button type="button" onClick={onSignOut}>
              Sign out
            </button>
          </>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
