import { badInput } from '../kernel/domain-error';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
  hasPreviousPage: boolean;
  startCursor: string | null;
}
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const encode = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

/** Relay pagination arguments turned into a window; cursors are opaque to clients. */
export function pageWindow(first: number | null | undefined, after: string | null | undefined): { offset: number; limit: number } {
  if (first !== undefined && first !== null && (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)) {
    throw badInput('first', `must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  }
  let offset = 0;
  if (after) {
    const match = /^offset:(\d{1,9})$/.exec(Buffer.from(after, 'base64url').toString());
    if (!match) throw badInput('after', 'is not a cursor this API returned');
    offset = Number(match[1]) + 1;
  }
  return { offset, limit: first ?? DEFAULT_PAGE_SIZE };
}

/** Builds a connection from the rows of one window (fetched with LIMIT limit OFFSET offset). */
export function toConnection<T>(nodes: T[], window: { offset: number; limit: number }, totalCount: number): Connection<T> {
  const edges = nodes.slice(0, window.limit).map((node, index) => ({ cursor: encode(window.offset + index), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: window.offset + edges.length < totalCount,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
