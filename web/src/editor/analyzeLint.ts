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

const SECRET_CALL = /secrets\s*\.\s*get\s*\(\s*key\s*:\s*"((?:[^"\\\n]|\\.)*)"/g;

/** Warns about `secrets.get(key: "X")` where X is not one of the org's keys. */
export function unknownKeyDiagnostics(source: string, keys: readonly string[]): Diagnostic[] {
  const known = new Set(keys);
  const out: Diagnostic[] = [];
  for (const m of source.matchAll(SECRET_CALL)) {
    const key = m[1]!.replace(/\\(.)/g, '$1');
    if (known.has(key)) continue;
    const from = m.index! + m[0].length - m[1]!.length - 1;
    out.push({ from, to: from + m[1]!.length + 2, severity: 'warning', source: 'Secrets',
      message: `No secret with key "${key}" in this organization; the script will fail when it reads it.` });
  }
  return out;
}

/**
 * Asks the server's analyzer about the script as the user types (debounced by the linter), and
 * checks secret keys against the org's list (`getKeys` returns null until that list is loaded).
 */
export function analyzeLinter(getKeys: () => readonly string[] | null) {
  return linter(
    async (view) => {
      const source = view.state.doc.toString();
      if (!source.trim()) return [];
      const keys = getKeys();
      const local = keys ? unknownKeyDiagnostics(source, keys) : [];
      try {
        return [...toDiagnostics(view.state.doc, await analyzeQuery(source)), ...local];
      } catch {
        return local; // analysis is advisory; a failing analyzer must not block editing
      }
    },
    { delay: 500 },
  );
}
