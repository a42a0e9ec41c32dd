import type { Position as EsdbPosition } from '@eventstore/db-client';
import type { Position } from '../event-store.port';

/**
 * The port's position is one opaque bigint; EventStoreDB's is a {commit, prepare} pair of unsigned 64-bit values,
 * ordered by commit, then prepare. Packing commit into the high 64 bits keeps exactly that order under plain
 * bigint comparison, and the pair can be recovered losslessly to resume a read or subscription.
 */
const PREPARE_BITS = 64n;
const PREPARE_MASK = (1n << PREPARE_BITS) - 1n;

export function encodePosition({ commit, prepare }: EsdbPosition): Position {
  if (commit < 0n || prepare < 0n || prepare > PREPARE_MASK) {
    throw new RangeError(`Not an EventStoreDB log position: commit ${commit}, prepare ${prepare}`);
  }
  return (commit << PREPARE_BITS) | prepare;
}

export function decodePosition(position: Position): EsdbPosition {
  if (position < 0n) throw new RangeError(`Not an EventStoreDB log position: ${position}`);
  return { commit: position >> PREPARE_BITS, prepare: position & PREPARE_MASK };
}
