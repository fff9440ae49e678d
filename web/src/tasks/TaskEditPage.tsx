import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { createTask, getTask, updateTask } from '../api/tasks';
import type { Task, TaskStatus } from '../api/types';
import { errorMessage } from '../api/client';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { useAsync } from '../state/useAsync';
import { PageHeader } from '../components/PageHeader';
import { Loading } from '../components/Loading';
import { ErrorState } from '../components/ErrorState';
import { Field } from '../components/Field';
import { FluxEditor, type FluxEditorHandle } from '../editor/FluxEditor';
import { SecretsPanel } from '../editor/SecretsPanel';
import { AddSecretDialog } from '../secrets/AddSecretDialog';
import { useSecrets } from '../secrets/useSecrets';

const NEW_TASK = `import "array"

option task = {name: "my-task", every: 1h}

// Read credentials with secrets.get(key: "...") instead of writing them here.
array.from(rows: [{ok: true}])
`;

/** Create (`/tasks/new`) or edit (`/tasks/:taskID/edit`) a task's Flux, description and status. */
export function TaskEditPage() {
  const { taskID } = useParams();
  const org = useOrg();
  const existing = useAsync<Task | null>(() => (taskID ? getTask(taskID) : Promise.resolve(null)), [taskID]);
  if (existing.error) return <ErrorState error={existing.error} onRetry={() => void existing.reload()} />;
  if (existing.loading || existing.data === undefined) return <Loading label="Loading task…" />;
  return <TaskForm key={taskID ?? 'new'} orgID={org.id} task={existing.data} />;
}

function TaskForm({ orgID, task }: { orgID: string; task: Task | null }) {
  const toasts = useToasts();
  const navigate = useNavigate();
  const secrets = useSecrets(orgID);
  const editor = useRef<FluxEditorHandle>(null);
  const [description, setDescription] = useState(task?.description ?? '');
  const [status, setStatus] = useState<TaskStatus>(task?.status ?? 'active');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const keys = (secrets.data ?? []).map((s) => s.key);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const flux = editor.current?.getValue() ?? '';
    setBusy(true);
    setError(null);
    try {
      const saved = task
        ? await updateTask(task.id, { flux, description, status })
        : await createTask({ orgID, flux, description, status });
      toasts.success(task ? `Task “${saved.name ?? task.name}” saved.` : `Task “${saved.name}” created.`);
      if (saved.warnings?.length) toasts.info(`Warning: ${saved.warnings.join(' ')}`);
      navigate(`/orgs/${orgID}/tasks`);
    } catch (err) {
      setError(errorMessage(err));
      toasts.error(err, task ? 'Could not save the task' : 'Could not create the task');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title={task ? `Edit task ${task.name}` : 'Create Task'}>
        <p className="muted">Name and schedule come from <code>option task = {'{'}name: …, every: …{'}'}</code> in the script.</p>
      </PageHeader>
      <form className="explorer" onSubmit={submit}>
        <div className="explorer__main stack">
          {error ? <div className="notice notice--error pre" role="alert">{error}</div> : null}
          <FluxEditor ref={editor} initialValue={task?.flux ?? NEW_TASK} secretKeys={secrets.data ? keys : null} label="Task script" />
          <Field label="Description">
            {(p) => <input {...p} className="input" value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={status === 'active'} onChange={(e) => setStatus(e.target.checked ? 'active' : 'inactive')} /> Active
          </label>
          <div className="toolbar">
            <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
              {busy ? 'Saving…' : task ? 'Save task' : 'Create task'}
            </button>
            <Link className="button" to={`/orgs/${orgID}/tasks`}>Cancel</Link>
            {task ? <Link className="button" to={`/orgs/${orgID}/tasks/${encodeURIComponent(task.id)}/runs`}>View runs</Link> : null}
          </div>
        </div>
        <SecretsPanel
          secrets={secrets.data}
          loading={secrets.loading}
          error={secrets.error}
          onRetry={() => void secrets.reload()}
          onInsert={(key) => editor.current?.insertSecret(key)}
          onAdd={() => setAdding(true)}
        />
      </form>
      {adding ? (
        <AddSecretDialog orgID={orgID} existingKeys={keys} onClose={() => setAdding(false)} onAdded={() => void secrets.reload()} />
      ) : null}
    </>
  );
}
