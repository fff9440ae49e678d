import { pickedCompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import { fluxString, hasSecretsImport, importInsertion, secretSnippet } from '../lib/flux';

/** Text before the cursor that opens a key string: `secrets.get(key: "par` → "par". */
const KEY_PREFIX = /secrets\s*\.\s*get\s*\(\s*key\s*:\s*"((?:[^"\\]|\\.)*)$/;

/** Adds `import "influxdata/influxdb/secrets"` to `changes` when the document lacks it. */
function withImport(view: EditorView, changes: { from: number; to?: number; insert: string }[]) {
  const doc = view.state.doc.toString();
  if (!hasSecretsImport(doc)) {
    const imp = importInsertion(doc);
    changes.push({ from: imp.at, insert: imp.text });
  }
  return changes;
}

function applyKey(key: string) {
  return (view: EditorView, completion: Completion, from: number, to: number) => {
    const doc = view.state.doc;
    const escaped = fluxString(key).slice(1, -1);
    const after = doc.sliceString(to, to + 2);
    let insert = escaped;
    // Land after the closing quote (and paren) whether or not they were typed or auto-closed.
    let end = to;
    if (after.startsWith('")')) end = to + 2;
    else if (after.startsWith('"')) end = to + 1;
    else insert += '")';
    const changes = view.state.changes(withImport(view, [{ from, to, insert }]));
    view.dispatch({
      changes,
      selection: { anchor: changes.mapPos(end, 1) },
      annotations: pickedCompletion.of(completion),
      userEvent: 'input.complete',
      scrollIntoView: true,
    });
  };
}

/** Completes secret keys inside `secrets.get(key: "…` from the org's current key list. */
export function secretKeySource(getKeys: () => readonly string[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    const match = KEY_PREFIX.exec(before);
    if (match) {
      return {
        from: ctx.pos - match[1]!.length,
        validFor: /^(?:[^"\\]|\\.)*$/,
        options: getKeys().map((key) => ({ label: key, type: 'constant', detail: 'secret', apply: applyKey(key) })),
      };
    }
    // `secrets.` or `secrets.g…` → offer the whole call for each key.
    const word = ctx.matchBefore(/secrets\.\w*$/);
    if (word && (word.from === 0 || !/[\w.]/.test(ctx.state.doc.sliceString(word.from - 1, word.from)))) {
      return {
        from: word.from,
        options: getKeys().map((key) => ({
          label: secretSnippet(key),
          type: 'function',
          detail: 'secret',
          apply: (view: EditorView, completion: Completion, from: number, to: number) => {
            const changes = view.state.changes(withImport(view, [{ from, to, insert: secretSnippet(key) }]));
            view.dispatch({
              changes,
              selection: { anchor: changes.mapPos(to, 1) },
              annotations: pickedCompletion.of(completion),
              userEvent: 'input.complete',
            });
          },
        })),
      };
    }
    return null;
  };
}

/** Inserts a `secrets.get` call for `key` at the selection, adding the import if missing. */
export function insertSecretCall(view: EditorView, key: string) {
  const { from, to } = view.state.selection.main;
  const changes = view.state.changes(withImport(view, [{ from, to, insert: secretSnippet(key) }]));
  view.dispatch({ changes, selection: { anchor: changes.mapPos(to, 1) }, userEvent: 'input', scrollIntoView: true });
  view.focus();
}
