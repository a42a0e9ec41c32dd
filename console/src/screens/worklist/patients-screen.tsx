import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorText } from '../../session/client';
import { hrefOf } from '../../router';
import { DataTable } from '../../ui/data-table';
import { Pager } from '../../ui/pager';
import { ErrorMessage, Loading } from '../../ui/status';

const PAGE_SIZE = 50;

/**
 * Every patient of the practice (name order, server-side pages of 50, searchable by name or Medicare id), for the
 * roles that read the record but have no worklist (billing, compliance); each row links to the patient page by name.
 */
const PracticePatients = graphql(`
  query PracticePatients($first: Int, $after: String, $filter: PatientFilter) {
    patients(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          program
          enrolledOn
          eligibility {
            eligible
            reasons
          }
          consent {
            given
          }
          carePlan {
            version
          }
        }
      }
    }
  }
`);

export function PatientsScreen() {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  // The cursor each page starts after: pages are fetched from the server one at a time.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [{ data, fetching, error }] = useQuery({
    query: PracticePatients,
    variables: { first: PAGE_SIZE, after: cursors[page], filter: applied ? { search: applied } : null },
  });
  const connection = data?.patients;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(search.trim());
    setCursors([null]);
  };

  return (
    <section>
      <h1>Patients</h1>
      <form className="toolbar" role="search" onSubmit={submit}>
        <label className="inline">
          Find a patient
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or Medicare id" />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorMessage text={errorText(error)} />
      {fetching && !connection && <Loading />}
      {connection && (
        <>
          <DataTable
            caption="Patients of the practice"
            captionHidden
            columns={[
              { header: 'Patient', cell: (node) => <a href={hrefOf('patients', node.id)}>{node.name}</a> },
              { header: 'Program', cell: (node) => node.program },
              { header: 'Enrolled', cell: (node) => node.enrolledOn },
              { header: 'Eligible', cell: (node) => (node.eligibility.eligible ? 'Yes' : `No: ${node.eligibility.reasons.join('; ')}`) },
              { header: 'Consent', cell: (node) => (node.consent?.given ? 'In force' : 'Needed') },
              { header: 'Care plan', cell: (node) => (node.carePlan ? `Version ${node.carePlan.version}` : 'None yet') },
            ]}
            rows={connection.edges.map(({ node }) => node)}
            rowKey={(node) => node.id}
          />
          <Pager
            label="Patients"
            page={page}
            pageCount={Math.ceil(connection.totalCount / PAGE_SIZE)}
            total={connection.totalCount}
            onPage={(next) => setCursors(next < page ? cursors.slice(0, next + 1) : [...cursors, connection.pageInfo.endCursor])}
          />
        </>
      )}
    </section>
  );
}
