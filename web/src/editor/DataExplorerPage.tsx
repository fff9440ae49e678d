import { useRef, useState } from 'react';
import { useOrg } from '../state/org';
import { useToasts } from '../state/toasts';
import { useAsync } from '../state/useAsync';
import { runQuery } from '../api/query';
import { listScripts } from '../api/scripts';
import { errorMessage } from '../api/client';
import { errorPosition } from '../lib/flux';
import { parseAnnotatedCsv } from '../lib/csv';
import { PageHeader } from '../components/PageHeader';
import { AddSecretDialog } from '../secrets/AddSecretDialog';
import { useSecrets } from '../secrets/useSecrets';
import { FluxEditor, type FluxEditorHandle } from './FluxEditor';
import { SecretsPanel } from './SecretsPanel';
import { RunOutput, type RunState } from './RunOutput';
import { SaveScriptDialog } from './SaveScriptDialog';
import { SaveTaskDialog } from './SaveTaskDialog';

const STARTER = `// Write Flux here. Type secrets.get(key: " to pick a secret key.
import "array"

array.from(rows: [{name: "example", value: 1}])
`;

type Open = 'add-secret' | 'save-script' | 'save-task' | null;

/** Script editor: write Flux with the org's secrets at hand, run it, save it as a script or task. */
export function DataExplorerPage() {
  const org = useOrg();
  const toasts = useToasts();
  const secrets = useSecrets(org.id);
  const scripts = useAsync(() => listScripts(org.id), [org.id]);
  const editor = useRef<FluxEditorHandle>(null);
  const abort = useRef<AbortController | null>(null);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [open, setOpen] = useState<Open>(null);
  const [script, setScript] = useState(STARTER);

  const keys = (secrets.data ?? []).map((s) => s.key);

  async function execute() {
    const query = editor.current?.getValue() ?? '';
    if (!query.trim()) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRun({ kind: 'running' });
    const started = performance.now();
    try {
      const csv = await runQuery(org.id, query, controller.signal);
      setRun({ kind: 'done', results: parseAnnotatedCsv(csv), ms: Math.round(performance.now() - started) });
    } catch (err) {
      if (controller.signal.aborted) return;
      const message = errorMessage(err);
      setRun({ kind: 'error', message });
      const pos = errorPosition(message);
      if (pos) editor.current?.showError(pos.line, pos.column, message);
    }
  }

  function openSaved(id: string) {
    const saved = scripts.data?.find((s) => s.id === id);
    if (!saved) return;
    editor.current?.setValue(saved.script);
    toasts.info(`Opened script “${saved.name}”.`);
  }

  return (
    <>
      <PageHeader title="Script editor" />
      <div className="explorer">
        <div className="explorer__main">
          <div className="toolbar">
            <button type="button" className="button button--primary" onClick={() => void execute()} disabled={run.kind === 'running'}>
              {run.kind === 'running' ? 'Running…' : 'Run'}
            </button>
            <button type="button" className="button" onClick={() => { setScript(editor.current?.getValue() ?? ''); setOpen('save-script'); }}>
              Save as script
            </button>
            <button type="button" className="button" onClick={() => { setScript(editor.current?.getValue() ?? ''); setOpen('save-task'); }}>
              Save as task
            </button>
            <label className="toolbar__field">
              <span className="toolbar__label">Open saved script</span>
              <select className="input" value="" onChange={(e) => openSaved(e.target.value)} disabled={!scripts.data?.length}>
                <option value="">{scripts.data?.length ? 'Choose…' : 'None saved'}</option>
                {(scripts.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </label>
          </div>
          <FluxEditor ref={editor} initialValue={STARTER} secretKeys={secrets.data ? keys : null} label="Flux script" onRun={() => void execute()} />
          <section className="explorer__output" aria-label="Results">
            <h2>Results</h2>
            <RunOutput state={run} onGoTo={(l, c) => editor.current?.goTo(l, c)} />
          </section>
        </div>
        <SecretsPanel
          secrets={secrets.data}
          loading={secrets.loading}
          error={secrets.error}
          onRetry={() => void secrets.reload()}
          onInsert={(key) => editor.current?.insertSecret(key)}
          onAdd={() => setOpen('add-secret')}
        />
      </div>
      {open === 'add-secret' ? (
        <AddSecretDialog orgID={org.id} existingKeys={keys} onClose={() => setOpen(null)} onAdded={() => void secrets.reload()} />
      ) : null}
      {open === 'save-script' ? (
        <SaveScriptDialog orgID={org.id} script={script} onClose={() => setOpen(null)} onSaved={() => void scripts.reload()} />
      ) : null}
      {open === 'save-task' ? <SaveTaskDialog orgID={org.id} script={script} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
