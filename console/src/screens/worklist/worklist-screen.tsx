import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { hrefOf } from '../../router';
import { errorText } from '../../session/client';
import { DataTable } from '../../ui/data-table';
import { currentMonth, formatDateTime, humanize } from '../../ui/format';
import { MonthPicker } from '../../ui/month-picker';
import { Pager } from '../../ui/pager';
import { ErrorMessage, Loading } from '../../ui/status';

const PAGE_SIZE = 50;

/**
 * The care manager's landing page: the month's worklist (issue #14), most urgent first, 50 rows a page from the
 * server; a care manager sees their own patients, a practitioner or an admin the practice's.
 */
const Worklist = graphql(`
  query Worklist($month: YearMonth!, $first: Int, $after: String) {
    worklist(month: $month, first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
      }
      edges {
        node {
          patient {
            id
            name
          }
          countedMinutes
          nextCode
          minutesToNextCode
          daysLeftInMonth
          lastContactAt
          atRisk
          blockers
          openTaskCount
          overdueTaskCount
          reasons
        }
      }
    }
  }
`);

export function WorklistScreen() {
  const [month, setMonth] = useState(currentMonth);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [{ data, fetching, error }] = useQuery({ query: Worklist, variables: { month, first: PAGE_SIZE, after: cursors[page] } });
  const connection = data?.worklist;

  return (
    <section>
      <h1>Worklist</h1>
      <div className="toolbar">
        <MonthPicker
          month={month}
          onChange={(next) => {
            setMonth(next);
            setCursors([null]);
          }}
        />
      </div>
      <ErrorMessage text={errorText(error)} />
      {fetching && !connection && <Loading />}
      {connection && (
        <>
          {connection.totalCount === 0 && <p>No patient on your worklist this month.</p>}
          <DataTable
            caption="Patients of the month, most urgent first"
            captionHidden
            columns={[
              {
                header: 'Patient',
                cell: (node) => (
                  <>
                    <a href={hrefOf('patients', node.patient.id)}>{node.patient.name}</a>
                    {node.atRisk && <span className="flag">At risk</span>}
                  </>
                ),
              },
              { header: 'Minutes', cell: (node) => node.countedMinutes },
              { header: 'Next code', cell: (node) => (node.nextCode ? `${node.nextCode} in ${node.minutesToNextCode} min` : '—') },
              { header: 'Days left', cell: (node) => node.daysLeftInMonth },
              { header: 'Last contact', cell: (node) => formatDateTime(node.lastContactAt) },
              { header: 'Tasks', cell: (node) => `${node.openTaskCount} open${node.overdueTaskCount > 0 ? `, ${node.overdueTaskCount} overdue` : ''}` },
              { header: 'Why', cell: (node) => [...node.blockers.map(humanize), ...node.reasons].join('; ') },
            ]}
            rows={connection.edges.map(({ node }) => node)}
            rowKey={(node) => node.patient.id}
          />
          <Pager
            label="Worklist"
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
