import type { FluxResult } from '../lib/csv';
import { errorPosition } from '../lib/flux';
import { Loading } from '../components/Loading';
import { ResultTables } from './ResultTables';

export type RunState =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; results: FluxResult[]; ms: number }
  | { kind: 'error'; message: string };

/** What the last Run produced: tables, or the error with a button to jump to its position. */
export function RunOutput({ state, onGoTo }: { state: RunState; onGoTo(line: number, column: number): void }) {
  if (state.kind === 'idle') return <p className="muted">Run the script to see its results here.</p>;
  if (state.kind === 'running') return <Loading label="Running…" />;
  if (state.kind === 'error') {
    const pos = errorPosition(state.message);
    return (
      <div className="notice notice--error" role="alert">
        <p className="pre">{state.message}</p>
        {pos ? (
          <button type="button" className="button button--small" onClick={() => onGoTo(pos.line, pos.column)}>
            Go to line {pos.line}, column {pos.column}
          </button>
        ) : null}
      </div>
    );
  }
  const tables = state.results.reduce((n, r) => n + r.tables.length, 0);
  return (
    <>
      <p className="muted" role="status">
        {state.results.length} {state.results.length === 1 ? 'result' : 'results'}, {tables} {tables === 1 ? 'table' : 'tables'} in {state.ms} ms
      </p>
      <ResultTables results={state.results} />
    </>
  );
}
