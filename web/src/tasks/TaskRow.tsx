import { Link } from 'react-router-dom';
import type { Task } from '../api/types';
import { formatRelative, formatTime } from '../lib/time';
import { StatusBadge } from './StatusBadge';

export type TaskAction = 'toggle' | 'run' | 'delete';

export function TaskRow({ task, orgID, busy, onAction }: {
  task: Task;
  orgID: string;
  busy: boolean;
  onAction(action: TaskAction, task: Task): void;
}) {
  const base = `/orgs/${orgID}/tasks/${encodeURIComponent(task.id)}`;
  const schedule = task.cron ? `cron ${task.cron}` : task.every ? `every ${task.every}` : '—';
  const active = task.status === 'active';
  return (
    <tr data-task={task.name}>
      <th scope="row">
        <Link to={`${base}/edit`}>{task.name}</Link>
        {task.description ? <div className="muted small">{task.description}</div> : null}
      </th>
      <td><StatusBadge status={task.status} /></td>
      <td><code>{schedule}</code>{task.offset ? <span className="muted"> offset {task.offset}</span> : null}</td>
      <td>
        {task.latestCompleted ? <span title={formatTime(task.latestCompleted)}>{formatRelative(task.latestCompleted)}</span> : '—'}
        {task.lastRunStatus ? <> <StatusBadge status={task.lastRunStatus} /></> : null}
        {task.lastRunError ? <div className="small error-text">{task.lastRunError}</div> : null}
      </td>
      <td>{task.nextRunAt && active ? <span title={formatTime(task.nextRunAt)}>{formatRelative(task.nextRunAt)}</span> : '—'}</td>
      <td className="table__actions">
        <button type="button" className="button button--small" disabled={busy} onClick={() => onAction('toggle', task)}>
          {active ? 'Deactivate' : 'Activate'}<span className="sr-only"> {task.name}</span>
        </button>
        <button type="button" className="button button--small" disabled={busy} onClick={() => onAction('run', task)}>
          Run now<span className="sr-only"> {task.name}</span>
        </button>
        <Link className="button button--small" to={`${base}/runs`}>
          Runs<span className="sr-only"> of {task.name}</span>
        </Link>
        <Link className="button button--small" to={`${base}/edit`}>
          Edit<span className="sr-only"> {task.name}</span>
        </Link>
        <button type="button" className="button button--small button--danger-ghost" disabled={busy} onClick={() => onAction('delete', task)}>
          Delete<span className="sr-only"> {task.name}</span>
        </button>
      </td>
    </tr>
  );
}
