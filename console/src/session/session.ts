/**
 * The signed-in user's bearer token: kept in sessionStorage (this tab only, gone when it closes), never in a URL.
 * The console reads the token's claims only to show the right screens; the server checks every request itself.
 */
export type Role = 'ADMIN' | 'CARE_MANAGER' | 'PRACTITIONER' | 'BILLING' | 'COMPLIANCE_OFFICER' | 'PAYER';

export interface Session {
  token: string;
  sub: string;
  roles: Role[];
  practiceId?: string;
  payerId?: string;
  /** Seconds since the epoch; the session ends then. */
  expiresAt?: number;
}

const STORAGE_KEY = 'careledger.session';

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  return new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
}

/** The claims of a JWT, or null when the text is not one (the server decides whether it is valid). */
export function sessionFromToken(token: string): Session | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(base64UrlDecode(parts[1])) as { sub?: unknown; roles?: unknown; practiceId?: unknown; payerId?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
    return {
      token: token.trim(),
      sub: claims.sub,
      roles: claims.roles.filter((role): role is Role => typeof role === 'string') as Role[],
      practiceId: typeof claims.practiceId === 'string' ? claims.practiceId : undefined,
      payerId: typeof claims.payerId === 'string' ? claims.payerId : undefined,
      expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
    };
  } catch {
    return null;
  }
}

export const isExpired = (session: Session, nowMs = Date.now()) => session.expiresAt !== undefined && session.expiresAt * 1000 <= nowMs;

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(STORAGE_KEY);
  const session = token ? sessionFromToken(token) : null;
  return session && !isExpired(session) ? session : null;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export const hasRole = (session: Session, ...roles: Role[]) => session.roles.some((role) => roles.includes(role));
