import type { HeadRow } from '../tree/ledger-tables';

/** A signed tree head as GraphQL, packets and HTTP show it (contract-parts/ledger.graphql SignedTreeHead). */
export interface SignedTreeHead {
  treeSize: string;
  /** Base64 SHA-256. */
  rootHash: string;
  timestamp: string;
  kid: string;
  /** The Ed25519 signature of the checkpoint's text, base64. */
  signature: string;
  /** The C2SP signed note, exactly as GET /ledger/checkpoint serves it. */
  checkpoint: string;
}

export const signedTreeHead = (row: HeadRow): SignedTreeHead => ({
  treeSize: row.tree_size.toString(),
  rootHash: row.root_hash,
  timestamp: row.timestamp,
  kid: row.kid,
  signature: row.signature,
  checkpoint: row.checkpoint,
});
