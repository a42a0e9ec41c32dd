import { useState, type FormEvent } from 'react';
import { keyFor, verifyPacket, type SavedPacket, type VerificationResult } from '../../verify/evidence-signature';

const readJson = async (file: File): Promise<unknown> => JSON.parse(await file.text());

/**
 * Checks a saved packet ({json, signature, kid}) against a saved key file (the JWK Set of /evidence/jwks.json or
 * one JWK) entirely in the browser: this page makes no request at all.
 */
export function OfflineVerifierScreen() {
  const [packetFile, setPacketFile] = useState<File | null>(null);
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [verdict, setVerdict] = useState<VerificationResult | null>(null);

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setVerdict(null);
    if (!packetFile || !keyFile) return setVerdict({ valid: false, message: 'Choose a saved packet and a key file' });
    let packet: SavedPacket;
    let keys: unknown;
    try {
      packet = (await readJson(packetFile)) as SavedPacket;
      keys = await readJson(keyFile);
    } catch {
      return setVerdict({ valid: false, message: 'A file is not JSON' });
    }
    setVerdict(await verifyPacket(packet, keyFor(packet?.kid, keys)));
  };

  return (
    <section>
      <h1>Offline verifier</h1>
      <p>Checks a saved evidence packet against a saved key file in this browser. Nothing is sent anywhere.</p>
      <form onSubmit={verify} className="grid-form">
        <label htmlFor="saved-packet">Saved packet</label>
        <input id="saved-packet" type="file" accept="application/json,.json" onChange={(event) => setPacketFile(event.target.files?.[0] ?? null)} />
        <label htmlFor="key-file">Key file</label>
        <input id="key-file" type="file" accept="application/json,.json" onChange={(event) => setKeyFile(event.target.files?.[0] ?? null)} />
        <button type="submit">Verify signature</button>
      </form>
      {verdict && (
        <p role="status" className={verdict.valid ? 'ok' : 'error'}>
          {verdict.message}
        </p>
      )}
    </section>
  );
}
