import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { deleteTask, listTasks, runNow, updateTask } from '../api/tasks';
import type { Task } from '../api/types';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { useAsync } from '../state/useAsync';
import { PageHeader } from '../components/PageHeader';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { EmptyState } from '../components/EmptyState';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TaskRow, type TaskAction } from './TaskRow';

export function TasksPage() {
  const org = useOrg();
  const toasts = useToasts();
  const navigate = useNavigate();
  const tasks = useAsync(() => listTasks(org.id), [org.id]);
  const [busyID, setBusyID] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Task | null>(null);
  const [filter, setFilter] = useState('');

  async function onAction(action: TaskAction, task: Task) {
    if (action === 'delete') {
      setDeleting(task);
      return;
    }
    setBusyID(task.id);
    try {
      if (action === 'toggle') {
        const status = task.status === 'active' ? 'inactive' : 'active';
        await updateTask(task.id, { status });
        toasts.success(`Task “${task.name}” ${status === 'active' ? 'activated' : 'deactivated'}.`);
      } else {
        await runNow(task.id);
        toasts.success(`Run of “${task.name}” requested.`);
        navigate(`/orgs/${org.id}/tasks/${encodeURIComponent(task.id)}/runs`);
        return;
      }
      await tasks.reload();
    } catch (err) {
      toasts.error(err, `Could not update “${task.name}”`);
    } finally {
      setBusyID(null);
    }
  }

  const term = filter.trim().toLocaleLowerCase();
  const shown = (tasks.data ?? []).filter((t) => t.name.toLocaleLowerCase().includes(term));
  const create = (
    <Link className="button button--primary" to={`/orgs/${org.id}/tasks/new`}>
      <span aria-hidden="true">+</span> Create Task
    </Link>
  );

  return (
    <>
      <PageHeader title="Tasks" actions={create} />
      <div className="toolbar">
        <label className="toolbar__field">
          <span className="sr-only">Filter tasks</span>
          <input type="search" className="input" placeholder="Filter tasks…" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <button type="button" className="button button--small" onClick={() => void tasks.reload()}>Refresh</button>
      </div>
      {tasks.error ? <ErrorState error={tasks.error} onRetry={() => void tasks.reload()} /> : null}
      {tasks.loading && !tasks.data ? <Loading label="Loading tasks…" /> : null}
      {tasks.data && tasks.data.length === 0 ? <EmptyState title="No tasks yet">{create}</EmptyState> : null}
      {tasks.data && tasks.data.length > 0 && shown.length === 0 ? <EmptyState title={`No tasks match “${filter.trim()}”`} /> : null}
      {shown.length > 0 ? (
        <table className="table" aria-label="Tasks">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Schedule</th>
              <th scope="col">Last run</th>
              <th scope="col">Next run</th>
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => <TaskRow key={t.id} task={t} orgID={org.id} busy={busyID === t.id} onAction={onAction} />)}
          </tbody>
        </table>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete task ${deleting.name}?`}
          confirmLabel="Delete task"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await deleteTask(deleting.id);
              toasts.success(`Task “${deleting.name}” deleted.`);
              setDeleting(null);
              await tasks.reload();
            } catch (err) {
              toasts.error(err, 'Could not delete the task');
            }
          }}
        >
          <p>The task and its run history will be removed. Secrets it uses are not affected.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
