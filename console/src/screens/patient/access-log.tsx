import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorText } from '../../session/client';
import { DataTable } from '../../ui/data-table';
import { formatDateTime, localInputToIso } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorMessage } from '../../ui/status';

const PAGE_SIZE = 50;

const AccessLogQuery = graphql(`
  query AccessLog($patientId: ID, $actorId: ID, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
    accessLog(patientId: $patientId, actorId: $actorId, from: $from, to: $to, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
      }
      edges {
        node {
          at
          actorId
          actorRoles
          operation
        }
      }
    }
  }
`);

interface Filters {
  actorId: string;
  from: string;
  to: string;
}

/** Who read this patient's record, filtered by reader and time (reading it is itself logged). */
export function AccessLog({ patientId }: { patientId: string }) {
  const [draft, setDraft] = useState<Filters>({ actorId: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [log] = useQuery({
    query: AccessLogQuery,
    variables: {
      patientId,
      actorId: filters.actorId || null,
      from: filters.from ? localInputToIso(filters.from) : null,
      to: filters.to ? localInputToIso(filters.to) : null,
      first: PAGE_SIZE,
      after: cursors[page],
    },
  });
  const connection = log.data?.accessLog;
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setCursors([null]);
  };

  return (
    <section aria-labelledby="access-log-heading">
      <h2 id="access-log-heading">Access log</h2>
      <form className="toolbar" onSubmit={apply}>
        <label className="inline">
          Reader
          <input value={draft.actorId} onChange={(event) => setDraft({ ...draft, actorId: event.target.value })} />
        </label>
        <label className="inline">
          From
          <input type="datetime-local" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </label>
        <label className="inline">
          To
          <input type="datetime-local" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorMessage text={errorText(log.error)} />
      {connection && (
        <>
          <DataTable
            columns={[
              { header: 'When', cell: (node) => formatDateTime(node.at) },
              { header: 'Reader', cell: (node) => node.actorId },
              { header: 'Roles', cell: (node) => node.actorRoles.join(', ') },
              { header: 'What was read', cell: (node) => node.operation },
            ]}
            rows={connection.edges.map(({ node }) => node)}
            rowKey={(node, index) => `${node.at}-${index}`}
          />
          <Pager
            label="Access log"
            page={page}
            pageCount={Math.ceil(connection.totalCount / PAGE_SIZE)}
            total={connection.totalCount}
            onPage={(next) => setCursors(next < page ? cursors.slice(0, next + 1) : [...cursors, connection.pageInfo.endCursor ?? null])}
          />
        </>
      )}
    </section>
  );
}
