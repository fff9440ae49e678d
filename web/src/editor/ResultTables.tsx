import type { FluxResult } from '../lib/csv';

const HIDDEN = new Set(['result', 'table']);
const MAX_ROWS = 500;

/** Renders every result of a Flux query, each table with its group key. */
export function ResultTables({ results }: { results: FluxResult[] }) {
  if (results.length === 0) return <p className="muted">The query returned no tables.</p>;
  return (
    <div className="results">
      {results.map((result) => (
        <section key={result.name} className="result" aria-label={`Result ${result.name}`}>
          <h3>Result: {result.name}</h3>
          {result.tables.map((t) => {
            const cols = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => !HIDDEN.has(c));
            return (
              <div key={t.table} className="result__table">
                <table className="table table--compact">
                  <caption>
                    Table {t.table}
                    {t.groupKey.length ? <span className="muted"> — group key: {t.groupKey.filter((g) => !HIDDEN.has(g)).join(', ')}</span> : null}
                    <span className="muted"> ({t.rows.length} {t.rows.length === 1 ? 'row' : 'rows'})</span>
                  </caption>
                  <thead>
                    <tr>
                      {cols.map(({ c, i }) => (
                        <th key={c} scope="col" title={t.datatypes[i]}>{c}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.slice(0, MAX_ROWS).map((row, r) => (
                      <tr key={r}>
                        {cols.map(({ c, i }) => <td key={c}>{row[i]}</td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {t.rows.length > MAX_ROWS ? <p className="muted">Showing the first {MAX_ROWS} rows.</p> : null}
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
}
