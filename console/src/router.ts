import { useEffect, useState } from 'react';

/**
 * Screens are addressed in the URL's fragment (`#/patients/<id>`): the server serves files only, and a URL carries
 * ids, never names or other PHI.
 */
export type Route =
  | { screen: 'home' }
  | { screen: 'worklist' }
  | { screen: 'patients' }
  | { screen: 'patient'; patientId: string }
  | { screen: 'billing' }
  | { screen: 'claims' }
  | { screen: 'evidence'; patientId: string; month: string }
  | { screen: 'verify' }
  | { screen: 'program' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'worklist':
      return { screen: 'worklist' };
    case 'patients':
      return parts[1] ? { screen: 'patient', patientId: parts[1] } : { screen: 'patients' };
    case 'billing':
      return { screen: 'billing' };
    case 'claims':
      return { screen: 'claims' };
    case 'evidence':
      return parts[1] && parts[2] ? { screen: 'evidence', patientId: parts[1], month: parts[2] } : { screen: 'claims' };
    case 'verify':
      return { screen: 'verify' };
    case 'program':
      return { screen: 'program' };
    default:
      return { screen: 'home' };
  }
}

export const hrefOf = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
