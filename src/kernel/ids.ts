import { createHash, randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);
export const newId = (): string => randomUUID();

/** CareLedger's namespace for name-based (v5) UUIDs. */
const CARELEDGER_NAMESPACE = 'b3f1c6c2-5b8e-4f5e-9a57-4c1f3e2d7a10';

/** RFC 9562 UUIDv5: deterministic, so a retried command produces the same event ids and the store refuses the copy. */
export function uuidV5(name: string, namespace = CARELEDGER_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
