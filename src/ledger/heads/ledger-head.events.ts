import type { DomainEvent } from '../../kernel/decider';

/** Why a head was signed: the log grew for a while, or a record outsiders rely on was just made. */
export type HeadOccasion = 'STARTED' | 'INTERVAL' | 'MONTH_CLOSED' | 'CLAIM_SUBMITTED' | 'DOCUMENTATION_RESPONSE' | 'EVIDENCE_PACKET';

/**
 * A signed tree head (schemaVersion 1): the tree of the first `treeSize` events of the log had root `rootHash`
 * (base64), and the evidence key `kid` signed that as `checkpoint` (a C2SP signed note; `signature` is its Ed25519
 * signature alone, base64). Self-contained: the note can be served and checked from this event alone.
 */
export type LedgerHeadSigned = DomainEvent<
  'LedgerHeadSigned',
  {
    treeSize: string;
    rootHash: string;
    timestamp: string;
    origin: string;
    kid: string;
    signature: string;
    checkpoint: string;
    occasion: HeadOccasion;
  }
>;

/** One stream for the whole log's heads; no practice owns it and it names no patient. */
export const LEDGER_HEADS_STREAM = 'ledger-heads';
