import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { CareActivityKind } from '../../gql/graphql';
import { errorText, newId } from '../../session/client';
import { DataTable } from '../../ui/data-table';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../../ui/format';
import { ErrorMessage } from '../../ui/status';
import { ACTIVITY_KINDS, ActivitySelect } from './activity-kinds';
import { LogCall } from './live-timer';

const CorrectCall = graphql(`
  mutation CorrectCall($input: CorrectCallInput!) {
    correctCall(input: $input) {
      id
      minutes
      status
    }
  }
`);

const VoidCall = graphql(`
  mutation VoidCall($input: VoidCallInput!) {
    voidCall(input: $input) {
      id
      status
    }
  }
`);

export interface TimeEntry {
  id: string;
  kind: CareActivityKind;
  startedAt: string;
  minutes: number;
  summary: string;
  status: string;
  source: string;
  performerName: string;
  amendments: { action: string; reason: string; by: string; minutes?: number | null }[];
}

/** Time typed in after the fact (MANUAL_ENTRY): auditors see it flagged as such. */
export function QuickEntry({ patientId, performedBy, onSaved }: { patientId: string; performedBy: string; onSaved: () => void }) {
  const [kind, setKind] = useState<CareActivityKind>('CARE_COORDINATION');
  const [startedAt, setStartedAt] = useState(() => isoToLocalInput(new Date(Date.now() - 3600_000).toISOString()));
  const [minutes, setMinutes] = useState('10');
  const [summary, setSummary] = useState('');
  const [ids, setIds] = useState(() => ({ commandId: newId(), activityId: newId() }));
  const [result, logCall] = useMutation(LogCall);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await logCall({
      input: {
        ...ids,
        patientId,
        kind,
        performedBy,
        startedAt: localInputToIso(startedAt),
        minutes: Number(minutes),
        summary: summary.trim(),
        source: 'MANUAL_ENTRY',
      },
    });
    if (answer.error) return;
    setSummary('');
    setIds({ commandId: newId(), activityId: newId() });
    onSaved();
  };

  return (
    <section aria-labelledby="quick-entry-heading" className="card">
      <h2 id="quick-entry-heading">Quick entry</h2>
      <form onSubmit={submit} className="grid-form">
        <ActivitySelect id="quick-activity" label="Entry activity" value={kind} onChange={setKind} />
        <label htmlFor="quick-started">Started at</label>
        <input id="quick-started" type="datetime-local" value={startedAt} onChange={(event) => setStartedAt(event.target.value)} required />
        <label htmlFor="quick-minutes">Minutes</label>
        <input id="quick-minutes" type="number" min={1} max={240} value={minutes} onChange={(event) => setMinutes(event.target.value)} required />
        <label htmlFor="quick-summary">Entry summary</label>
        <input id="quick-summary" value={summary} onChange={(event) => setSummary(event.target.value)} required />
        <button type="submit" disabled={result.fetching}>
          Add entry
        </button>
      </form>
      <ErrorMessage text={errorText(result.error)} />
    </section>
  );
}

/** The month's time entries; a correction or a void is a new fact with its reason, the entry itself never changes. */
export function TimeEntries({
  patientId,
  entries,
  canWrite,
  onChanged,
}: {
  patientId: string;
  entries: TimeEntry[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  return (
    <section aria-labelledby="entries-heading">
      <h2 id="entries-heading">Time entries this month</h2>
      {entries.length === 0 ? (
        <p>No time logged this month.</p>
      ) : (
        <DataTable
          columns={[
            { header: 'Started', cell: (entry) => formatDateTime(entry.startedAt) },
            { header: 'Activity', cell: (entry) => ACTIVITY_KINDS[entry.kind] },
            { header: 'Minutes', cell: (entry) => entry.minutes },
            { header: 'By', cell: (entry) => entry.performerName },
            { header: 'Source', cell: (entry) => (entry.source === 'LIVE_TIMER' ? 'Live timer' : 'Typed in') },
            {
              header: 'Status',
              cell: (entry) => (
                <>
                  <span>{entry.status}</span>
                  {entry.amendments.map((amendment, index) => (
                    <div key={index} className="muted">
                      {amendment.action}: {amendment.reason}
                    </div>
                  ))}
                </>
              ),
            },
            { header: 'Summary', cell: (entry) => entry.summary },
            canWrite && {
              header: 'Amend',
              cell: (entry) => entry.status !== 'VOIDED' && <Amend patientId={patientId} entry={entry} onChanged={onChanged} />,
            },
          ]}
          rows={entries}
          rowKey={(entry) => entry.id}
        />
      )}
    </section>
  );
}

function Amend({ patientId, entry, onChanged }: { patientId: string; entry: TimeEntry; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<'correct' | 'void'>('correct');
  const [minutes, setMinutes] = useState(String(entry.minutes));
  const [reason, setReason] = useState('');
  const [commandId, setCommandId] = useState(newId);
  const [correction, correct] = useMutation(CorrectCall);
  const [voiding, voidCall] = useMutation(VoidCall);

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={`Correct or void the entry of ${formatDateTime(entry.startedAt)}`}>
        Correct or void
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer =
      action === 'correct'
        ? await correct({ input: { commandId, patientId, activityId: entry.id, minutes: Number(minutes), reason: reason.trim() } })
        : await voidCall({ input: { commandId, patientId, activityId: entry.id, reason: reason.trim() } });
    if (answer.error) return;
    setOpen(false);
    setCommandId(newId());
    onChanged();
  };
  const prefix = `amend-${entry.id}`;
  return (
    <form onSubmit={submit} className="stack">
      <fieldset>
        <legend>Amend this entry</legend>
        <label className="inline">
          <input type="radio" name={`${prefix}-action`} checked={action === 'correct'} onChange={() => setAction('correct')} /> Correct minutes
        </label>
        <label className="inline">
          <input type="radio" name={`${prefix}-action`} checked={action === 'void'} onChange={() => setAction('void')} /> Void
        </label>
      </fieldset>
      {action === 'correct' && (
        <>
          <label htmlFor={`${prefix}-minutes`}>Corrected minutes</label>
          <input id={`${prefix}-minutes`} type="number" min={1} max={240} value={minutes} onChange={(event) => setMinutes(event.target.value)} required />
        </>
      )}
      <label htmlFor={`${prefix}-reason`}>Reason</label>
      <input id={`${prefix}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} required />
      <div className="row">
        <button type="submit">{action === 'correct' ? 'Save correction' : 'Void entry'}</button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorMessage text={errorText(correction.error ?? voiding.error)} />
    </form>
  );
}
