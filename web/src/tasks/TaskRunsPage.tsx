import { Fragment, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getTask, listRuns, runNow } from '../api/tasks';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { useAsync } from '../state/useAsync';
import { PageHeader } from '../components/PageHeader';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { EmptyState } from '../components/EmptyState';
import { formatDuration, formatTime } from '../lib/time';
import { StatusBadge } from './StatusBadge';
import { RunLogs } from './RunLogs';

const POLL_MS = 1500;

/** Runs of one task with status and duration; logs expand per run; polls while runs are pending. */
export function TaskRunsPage() {
  const { taskID = '' } = useParams();
  const org = useOrg();
  const toasts = useToasts();
  const task = useAsync(() => getTask(taskID), [taskID]);
  const runs = useAsync(() => listRuns(taskID), [taskID]);
  const [openRun, setOpenRun] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);

  const pending = (runs.data ?? []).some((r) => r.status === 'scheduled' || r.status === 'started');
  const { reload } = runs;
  useEffect(() => {
    if (!pending) return;
    const timer = window.setTimeout(() => void reload(), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [pending, runs.data, reload]);

  const sorted = [...(runs.data ?? [])].sort((a, b) =>
    (b.scheduledFor ?? b.requestedAt ?? b.startedAt ?? '').localeCompare(a.scheduledFor ?? a.requestedAt ?? a.startedAt ?? ''));
  const name = task.data?.name ?? 'task';

  return (
    <>
      <PageHeader
        title={`Runs of ${name}`}
        actions={
          <>
            <button type="button" className="button button--primary" disabled={requesting} onClick={async () => {
              setRequesting(true);
              try {
                await runNow(taskID);
                toasts.success(`Run of “${name}” requested.`);
                await runs.reload();
              } catch (err) {
                toasts.error(err, 'Could not start a run');
              } finally {
                setRequesting(false);
              }
            }}>
              Run now
            </button>
            <button type="button" className="button" onClick={() => void runs.reload()}>Refresh</button>
          </>
        }
      >
        <p><Link to={`/orgs/${org.id}/tasks`}>← All tasks</Link></p>
      </PageHeader>
      {task.error ? <ErrorState error={task.error} /> : null}
      {runs.error ? <ErrorState error={runs.error} onRetry={() => void runs.reload()} /> : null}
      {runs.loading && !runs.data ? <Loading label="Loading runs…" /> : null}
      {runs.data && runs.data.length === 0 ? <EmptyState title="No runs yet" /> : null}
      {sorted.length > 0 ? (
        <table className="table" aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Scheduled for</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Duration</th>
              <th scope="col"><span className="sr-only">Logs</span></th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <Fragment key={r.id}>
                <tr data-run={r.id}>
                  <td><StatusBadge status={r.status} /></td>
                  <td>{formatTime(r.scheduledFor ?? r.requestedAt)}</td>
                  <td>{formatTime(r.startedAt)}</td>
                  <td>{formatTime(r.finishedAt)}</td>
                  <td>{formatDuration(r.startedAt, r.finishedAt)}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" aria-expanded={openRun === r.id}
                      onClick={() => setOpenRun(openRun === r.id ? null : r.id)}>
                      {openRun === r.id ? 'Hide logs' : 'View logs'}
                    </button>
                  </td>
                </tr>
                {openRun === r.id ? (
                  <tr>
                    <td colSpan={6}><RunLogs taskID={taskID} runID={r.id} /></td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
