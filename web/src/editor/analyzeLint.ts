import { linter, type Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';
import { analyzeQuery } from '../api/query';
import type { AnalyzeError } from '../api/types';

/** Converts a 1-based line/column to a document range covering the word there. */
export function rangeAt(doc: Text, lineNo: number, column: number): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(1, lineNo || 1), doc.lines));
  const from = line.from + Math.min(Math.max(0, (column || 1) - 1), line.length);
  const rest = doc.sliceString(from, line.to);
  const word = /^[\w."]+/.exec(rest);
  const to = Math.min(line.to, from + Math.max(1, word ? word[0].length : 1));
  return { from, to: Math.max(to, from) };
}

export function toDiagnostics(doc: Text, errors: AnalyzeError[]): Diagnostic[] {
  return errors.map((e) => ({ ...rangeAt(doc, e.line, e.column), severity: 'error', message: e.message, source: 'Flux' }));
}

/** Asks the server's analyzer about the script as the user types (debounced by the linter). */
export const analyzeLinter = linter(
  async (view) => {
    const source = view.state.doc.toString();
    if (!source.trim()) return [];
    try {
      return toDiagnostics(view.state.doc, await analyzeQuery(source));
    } catch {
      return []; // analysis is advisory; a failing analyzer must not block editing
    }
  },
  { delay: 500 },
);
