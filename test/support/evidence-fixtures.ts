/**
 * Evidence E2E fixtures: the GraphQL documents (every field of the packet and the key), the PDF download, a payer
 * checking a packet with nothing but node:crypto, and the verify-packet command as a payer runs it.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestApp } from './app-harness';
import { CARE_ACTIVITY_FIELDS } from './care-record-fixtures';

const LINE_FIELDS = 'cptCode units amountCents amountKnown unitAmountCents';

export const EVIDENCE_PACKET = `query($patientId: ID!, $month: YearMonth!) {
  evidencePacket(patientId: $patientId, month: $month) {
    patientId month generatedAt auditHeadHash json signature kid pdfUrl fhirBundle status
    lines { ${LINE_FIELDS} }
    consent { given method givenAt recordedBy revokedAt revocationReason documentReference billingPractitionerId }
    carePlan {
      version problems goals interventions medicationManagement coordinationNotes reviewBy sharedWithPatientAt lastRevisedAt
      expectedOutcomes symptomManagement communityResources effectiveAt createdBy sharedVersion
      revisions { version effectiveAt substantial reason revisedBy credential changed }
    }
    activities { ...CareActivityFields }
    activitiesAfterClaim { ...CareActivityFields }
    claim { payerId submittedAt dateOfService basis lines { ${LINE_FIELDS} } expectedPaymentCents patientCoinsuranceCents diagnoses renderingNpi billingNpi }
  }
}
${CARE_ACTIVITY_FIELDS}`;

/** Only what a payer saves to verify later. */
export const SAVED_PACKET = `query($patientId: ID!, $month: YearMonth!) { evidencePacket(patientId: $patientId, month: $month) { json signature kid } }`;

export const EVIDENCE_SIGNING_KEY = `{ evidenceSigningKey { kty crv x kid alg use } }`;

/** GET of a path of the app with a bearer token (none when omitted). */
export async function download(app: TestApp, path: string, token?: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * What a payer does with no CareLedger code at all: the key's thumbprint (RFC 7638: SHA-256 of
 * {"crv","kty","x"} in that order, no whitespace) and the Ed25519 signature over the exact json bytes.
 */
export function payerVerifies(
  packet: { json: string; signature: string; kid: string },
  jwk: { kty: string; crv: string; x: string; kid: string },
): { thumbprintMatches: boolean; signatureValid: boolean } {
  const thumbprint = createHash('sha256').update(`{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}"}`).digest('base64url');
  const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  return {
    thumbprintMatches: thumbprint === jwk.kid && jwk.kid === packet.kid,
    signatureValid: verify(null, Buffer.from(packet.json, 'utf8'), publicKey, Buffer.from(packet.signature, 'base64url')),
  };
}

/** `npm run verify-packet -- <args>`, run as the script line runs it; never rejects, reports the exit code. */
export async function runVerifyPacket(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'src/evidence/verify-packet.cli.ts', ...args], {
      env: { PATH: process.env.PATH },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The packet's json with one character changed (a digit of the first billed code). */
export function oneCharacterChanged(json: string): string {
  const at = json.indexOf('"cptCode":"') + '"cptCode":"'.length + 4;
  const altered = `${json.slice(0, at)}${json[at] === '0' ? '1' : '0'}${json.slice(at + 1)}`;
  if (altered.length !== json.length || altered === json) throw new Error('no billed code to alter');
  return altered;
}
