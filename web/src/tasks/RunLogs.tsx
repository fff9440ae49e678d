import { runLogs } from '../api/tasks';
import { useAsync } from '../state/useAsync';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { formatTime } from '../lib/time';

/** Log lines of one run, as the server gives them (it masks secret values). */
export function RunLogs({ taskID, runID }: { taskID: string; runID: string }) {
  const logs = useAsync(() => runLogs(taskID, runID), [taskID, runID]);
  if (logs.error) return <ErrorState error={logs.error} onRetry={() => void logs.reload()} />;
  if (!logs.data) return <Loading label="Loading logs…" />;
  if (logs.data.length === 0) return <p className="muted">This run has no log lines.</p>;
  return (
    <ol className="run-logs" aria-label={`Logs of run ${runID}`}>
      {logs.data.map((e, i) => (
        <li key={i}>
          <time dateTime={e.time} className="muted">{formatTime(e.time)}</time> <span className="pre">{e.message}</span>
        </li>
      ))}
    </ol>
  );
}
