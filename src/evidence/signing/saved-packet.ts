import { eventHash } from '../../event-store/envelope';
import type { JsonObject } from '../../event-store/event-store.port';
import { canonicalJson } from '../../kernel/canonical-json';
import { verifyPacketSignature } from './packet-signature';
import { jwkThumbprint, type PublicJwk } from './public-jwk';

/**
 * The saved-packet file a payer keeps and verifies offline: exactly the fields `evidencePacket { json signature kid }`
 * returns, as one JSON object. The whole GraphQL response (`{"data": {"evidencePacket": {...}}}`) is accepted too,
 * so `curl ... > packet.json` can be verified as it is.
 */
export interface SavedPacket {
  /** The packet's canonical JSON: the signed bytes (UTF-8). */
  json: string;
  /** Ed25519 signature of `json`, base64url. */
  signature: string;
  /** Thumbprint (RFC 7638) of the key that signed it. */
  kid: string;
}

export interface PacketVerification {
  valid: boolean;
  /** Why it is not valid. */
  problem?: string;
  /** What the packet is about, when the signature holds. */
  /** `asOf`: the time the packet speaks for (format 2's asOf.recordedAt; format 1 packets: their generatedAt). */
  /** `citedEventsRecomputed`: cited events carried whole whose hashes were recomputed (0 for format 1 packets). */
  packet?: { patientId: string; month: string; asOf: string; auditHeadHash: string; citedEventsRecomputed: number };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The object itself, or the named field of a GraphQL response's `data`. */
function unwrap(value: unknown, field: string): unknown {
  return isObject(value) && isObject(value.data) && field in value.data ? value.data[field] : value;
}

export function parseSavedPacket(text: string): SavedPacket {
  const value = unwrap(JSON.parse(text), 'evidencePacket');
  if (!isObject(value) || typeof value.json !== 'string' || typeof value.signature !== 'string' || typeof value.kid !== 'string') {
    throw new Error('a saved packet is a JSON object with string fields json, signature and kid (as evidencePacket returns them)');
  }
  return { json: value.json, signature: value.signature, kid: value.kid };
}

/** Public keys from a JWK, a JWK Set ({"keys": [...]}) or a GraphQL response carrying evidenceSigningKey. */
export function parsePublicKeys(text: string): PublicJwk[] {
  const value = unwrap(JSON.parse(text), 'evidenceSigningKey');
  const keys = isObject(value) && Array.isArray(value.keys) ? value.keys : [value];
  return keys.map((key) => {
    if (!isObject(key) || key.kty !== 'OKP' || key.crv !== 'Ed25519' || typeof key.x !== 'string' || typeof key.kid !== 'string') {
      throw new Error('a signing key is a JWK {kty: "OKP", crv: "Ed25519", x, kid}');
    }
    return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid };
  });
}

/**
 * Checks a saved packet against published keys: the key named by `kid` must be among them and really have that
 * thumbprint (a key file edited by hand does not), the signature must hold over the exact `json` bytes, and the
 * json must be canonical (what CareLedger signs always is).
 */
export function verifySavedPacket(saved: SavedPacket, keys: readonly PublicJwk[]): PacketVerification {
  const key = keys.find((candidate) => candidate.kid === saved.kid);
  if (!key) return { valid: false, problem: `no published key has kid ${saved.kid}` };
  if (jwkThumbprint(key) !== key.kid) return { valid: false, problem: `the key published as ${key.kid} has another thumbprint (${jwkThumbprint(key)})` };
  if (!verifyPacketSignature(saved.json, saved.signature, key))
    return { valid: false, problem: 'the signature does not match the packet json (altered packet, or another key)' };
  let packet: Record<string, unknown>;
  try {
    packet = JSON.parse(saved.json) as Record<string, unknown>;
  } catch {
    return { valid: false, problem: 'the signed json does not parse' };
  }
  if (canonicalJson(packet) !== saved.json) return { valid: false, problem: 'the signed json is not in canonical form' };
  const audit = packet.audit as { headHash?: unknown; sourceEvents?: { eventId: string; hash: string | null }[]; events?: CarriedEvent[] } | undefined;
  const carried = audit?.events ?? [];
  const problem = carriedEventProblem(carried, audit?.sourceEvents ?? []);
  if (problem) return { valid: false, problem };
  const asOf = isObject(packet.asOf) ? packet.asOf.recordedAt : packet.generatedAt;
  return {
    valid: true,
    packet: {
      patientId: String(packet.patientId),
      month: String(packet.month),
      asOf: String(asOf),
      auditHeadHash: String(audit?.headHash),
      citedEventsRecomputed: carried.length,
    },
  };
}

/** A cited event as a format 2 packet carries it (audit.events): a line of the NDJSON audit export. */
interface CarriedEvent {
  stream: string;
  revision: string;
  eventId: string;
  eventType: string;
  data: JsonObject;
  metadata: JsonObject;
}

/**
 * The signature proves CareLedger said it; this proves each carried event is what its hash (and so the audit trail
 * and any ledger proof of it) says: the hash recomputed from the event by the export's recipe must be the one it
 * carries and the one the packet cites.
 */
function carriedEventProblem(carried: readonly CarriedEvent[], cited: readonly { eventId: string; hash: string | null }[]): string | null {
  const citedHash = new Map(cited.map((source) => [source.eventId, source.hash]));
  for (const event of carried) {
    const recomputed = eventHash({ stream: event.stream, revision: BigInt(event.revision), type: event.eventType, data: event.data, metadata: event.metadata });
    if (recomputed !== event.metadata.hash || recomputed !== citedHash.get(event.eventId))
      return `cited event ${event.eventId} does not hash to the hash the packet gives it`;
  }
  return null;
}
