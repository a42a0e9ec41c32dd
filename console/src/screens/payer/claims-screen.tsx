import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { hrefOf } from '../../router';
import { errorText } from '../../session/client';
import { DataTable } from '../../ui/data-table';
import { formatDateTime } from '../../ui/format';
import { Pager } from '../../ui/pager';
import { ErrorMessage, Loading } from '../../ui/status';

const PAGE_SIZE = 50;

const SubmittedClaims = graphql(`
  query SubmittedClaims($first: Int, $after: String) {
    submittedClaims(first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
      }
      edges {
        node {
          patientId
          month
          submittedAt
        }
      }
    }
  }
`);

/** The payer reviewer's landing page: the patient-months submitted to their payer, each with its evidence. */
export function ClaimsScreen() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [{ data, fetching, error }] = useQuery({ query: SubmittedClaims, variables: { first: PAGE_SIZE, after: cursors[page] } });
  const connection = data?.submittedClaims;
  return (
    <section>
      <h1>Claims</h1>
      <ErrorMessage text={errorText(error)} />
      {fetching && !connection && <Loading />}
      {connection && (
        <>
          {connection.totalCount === 0 && <p>No claim has been submitted to your payer.</p>}
          <DataTable
            columns={[
              { header: 'Patient', cell: (node) => node.patientId },
              { header: 'Month', cell: (node) => node.month },
              { header: 'Submitted', cell: (node) => formatDateTime(node.submittedAt) },
              { header: 'Documentation', cell: (node) => <a href={hrefOf('evidence', node.patientId, node.month)}>Evidence</a> },
            ]}
            rows={connection.edges.map(({ node }) => node)}
            rowKey={(node) => `${node.patientId}-${node.month}`}
          />
          <Pager
            label="Claims"
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
