import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { CareActivityKind } from '../../gql/graphql';
import { errorText, newId } from '../../session/client';
import { ErrorMessage } from '../../ui/status';
import { ActivitySelect } from './activity-kinds';

export const LogCall = graphql(`
  mutation LogCall($input: LogCallInput!) {
    logCall(input: $input) {
      id
      minutes
      status
    }
  }
`);

/**
 * A running (or stopped, not yet saved) timer, kept in sessionStorage per patient: a reload or a crash of the tab
 * keeps it, closing the tab (or signing out of the browser session) ends it. The commandId and activityId are
 * chosen when the timer stops, so a Save retried after a network error cannot log the call twice.
 */
interface TimerState {
  startedAt: string;
  stoppedAt?: string;
  commandId?: string;
  activityId?: string;
}

const storageKey = (patientId: string) => `careledger.timer.${patientId}`;
const readTimer = (patientId: string): TimerState | null => {
  try {
    return JSON.parse(sessionStorage.getItem(storageKey(patientId)) ?? 'null') as TimerState | null;
  } catch {
    return null;
  }
};
const writeTimer = (patientId: string, state: TimerState | null) =>
  state ? sessionStorage.setItem(storageKey(patientId), JSON.stringify(state)) : sessionStorage.removeItem(storageKey(patientId));

/** Whole minutes of a timed span, at least one (logCall takes 1..240). */
export const timedMinutes = (startedAt: string, stoppedAt: string) =>
  Math.min(240, Math.max(1, Math.round((Date.parse(stoppedAt) - Date.parse(startedAt)) / 60_000)));

const clock = (ms: number) => {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
};

export function LiveTimer({ patientId, performedBy, onSaved }: { patientId: string; performedBy: string; onSaved: () => void }) {
  const [timer, setTimer] = useState<TimerState | null>(() => readTimer(patientId));
  const [now, setNow] = useState(() => Date.now());
  const [kind, setKind] = useState<CareActivityKind>('PATIENT_CALL');
  const [summary, setSummary] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [result, logCall] = useMutation(LogCall);

  const update = (next: TimerState | null) => {
    writeTimer(patientId, next);
    setTimer(next);
  };

  useEffect(() => {
    if (!timer || timer.stoppedAt) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [timer]);

  const start = () => {
    setSaved(null);
    setNow(Date.now());
    update({ startedAt: new Date().toISOString() });
  };
  const stop = () => timer && update({ ...timer, stoppedAt: new Date().toISOString(), commandId: newId(), activityId: newId() });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!timer?.stoppedAt || !timer.commandId || !timer.activityId) return;
    const minutes = timedMinutes(timer.startedAt, timer.stoppedAt);
    const answer = await logCall({
      input: {
        commandId: timer.commandId,
        patientId,
        activityId: timer.activityId,
        kind,
        performedBy,
        startedAt: timer.startedAt,
        minutes,
        direction: kind === 'PATIENT_CALL' ? 'OUTBOUND' : null,
        summary: summary.trim(),
        source: 'LIVE_TIMER',
      },
    });
    if (answer.error) return;
    update(null);
    setSummary('');
    setSaved(`Saved ${minutes} timed minute${minutes === 1 ? '' : 's'}.`);
    onSaved();
  };

  return (
    <section aria-labelledby="timer-heading" className="card">
      <h2 id="timer-heading">Live timer</h2>
      {!timer && (
        <button type="button" onClick={start}>
          Start timer
        </button>
      )}
      {timer && !timer.stoppedAt && (
        <>
          <p>
            Running since {new Date(timer.startedAt).toLocaleTimeString()}: <span className="timer">{clock(now - Date.parse(timer.startedAt))}</span>
          </p>
          <button type="button" onClick={stop}>
            Stop timer
          </button>
        </>
      )}
      {timer?.stoppedAt && (
        <form onSubmit={save} className="stack">
          <p>Timed {timedMinutes(timer.startedAt, timer.stoppedAt)} minute(s). What was done?</p>
          <ActivitySelect id="timer-activity" label="Activity" value={kind} onChange={setKind} />
          <label htmlFor="timer-summary">Summary</label>
          <textarea id="timer-summary" value={summary} onChange={(event) => setSummary(event.target.value)} required rows={3} />
          <div className="row">
            <button type="submit" disabled={result.fetching}>
              Save
            </button>
            <button type="button" onClick={() => update(null)}>
              Discard
            </button>
          </div>
        </form>
      )}
      <ErrorMessage text={errorText(result.error)} />
      {saved && <p role="status">{saved}</p>}
    </section>
  );
}
