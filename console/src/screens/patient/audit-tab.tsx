import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorText } from '../../session/client';
import { DataTable } from '../../ui/data-table';
import { formatDateTime } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorMessage, Loading } from '../../ui/status';
import { AccessLog } from './access-log';
import { TimeTravel } from './time-travel';

const PAGE_SIZE = 50;

const AuditTrail = graphql(`
  query AuditTrail($patientId: ID!, $first: Int, $after: String) {
    auditTrail(patientId: $patientId, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
      }
      edges {
        node {
          revision
          eventId
          eventType
          recordedAt
          occurredAt
          actorId
          actorRoles
          data
          lateEntry
          manualEntry
        }
      }
    }
  }
`);

const VerifyAuditTrail = graphql(`
  query VerifyAuditTrail($patientId: ID!) {
    verifyAuditTrail(patientId: $patientId) {
      valid
      eventsChecked
      firstBrokenRevision
      headHash
    }
  }
`);

export function AuditTab({ patientId }: { patientId: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [trail] = useQuery({ query: AuditTrail, variables: { patientId, first: PAGE_SIZE, after: cursors[page] } });
  const client = useClient();
  const [verdict, setVerdict] = useState<string | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const connection = trail.data?.auditTrail;

  const verify = async () => {
    setVerdict(null);
    const answer = await client.query(VerifyAuditTrail, { patientId }, { requestPolicy: 'network-only' }).toPromise();
    setVerifyError(errorText(answer.error));
    const result = answer.data?.verifyAuditTrail;
    if (!result) return;
    setVerdict(result.valid ? `Chain intact: ${result.eventsChecked} events checked` : `Chain broken at revision ${result.firstBrokenRevision}`);
  };

  return (
    <>
      <section aria-labelledby="integrity-heading" className="card">
        <h2 id="integrity-heading">Integrity</h2>
        <button type="button" onClick={() => void verify()}>
          Verify integrity
        </button>
        {verdict && <p role="status">{verdict}</p>}
        <ErrorMessage text={verifyError} />
      </section>

      <section aria-labelledby="trail-heading">
        <h2 id="trail-heading">Every event of the record</h2>
        <ErrorMessage text={errorText(trail.error)} />
        {trail.fetching && !connection && <Loading />}
        {connection && (
          <>
            <DataTable
              columns={[
                { header: 'Revision', cell: (node) => node.revision },
                { header: 'Event', cell: (node) => node.eventType },
                { header: 'Who', cell: (node) => node.actorId },
                { header: 'Roles', cell: (node) => node.actorRoles.join(', ') },
                { header: 'Recorded', cell: (node) => formatDateTime(node.recordedAt) },
                { header: 'Happened', cell: (node) => formatDateTime(node.occurredAt) },
                {
                  header: 'Flags',
                  cell: (node) => (
                    <>
                      {node.lateEntry && <span className="flag">Late entry</span>}
                      {node.manualEntry && <span className="flag">Typed in</span>}
                    </>
                  ),
                },
                {
                  header: 'Data',
                  cell: (node) => (
                    <details>
                      <summary>Data of revision {node.revision}</summary>
                      <pre>{JSON.stringify(JSON.parse(node.data), null, 2)}</pre>
                    </details>
                  ),
                },
              ]}
              rows={connection.edges.map(({ node }) => node)}
              rowKey={(node) => node.eventId}
            />
            <Pager
              label="Audit trail"
              page={page}
              pageCount={Math.ceil(connection.totalCount / PAGE_SIZE)}
              total={connection.totalCount}
              onPage={(next) => setCursors(next < page ? cursors.slice(0, next + 1) : [...cursors, connection.pageInfo.endCursor ?? null])}
            />
            <TimeTravel
              patientId={patientId}
              instants={connection.edges.map(({ node }) => ({ revision: node.revision, at: node.recordedAt, eventType: node.eventType }))}
            />
          </>
        )}
      </section>

      <AccessLog patientId={patientId} />
    </>
  );
}
