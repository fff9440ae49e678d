import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, placeholder as cmPlaceholder,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { forceLinting, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';
import { fluxLanguage } from './fluxLanguage';
import { insertSecretCall, secretKeySource } from './secretCompletion';
import { analyzeLinter, rangeAt } from './analyzeLint';
import editorCss from './editor.css?inline';

/**
 * CodeMirror's style-mod writes its theme into a <style> element when mounted in a document,
 * which `style-src 'self'` blocks. In a shadow root it uses constructable stylesheets instead
 * (CSSOM, allowed by CSP), so the editor lives in one, with our editor styles adopted beside it.
 */
function editorRoot(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(editorCss);
  root.adoptedStyleSheets = [sheet];
  const parent = document.createElement('div');
  root.replaceChildren(parent);
  return { root, parent };
}

export interface FluxEditorHandle {
  getValue(): string;
  setValue(text: string): void;
  insertSecret(key: string): void;
  goTo(line: number, column: number): void;
  /** Marks a run error in the text (until the next analysis replaces it). */
  showError(line: number, column: number, message: string): void;
  focus(): void;
}

interface FluxEditorProps {
  initialValue: string;
  /** Keys offered inside `secrets.get(key: "`; read on every completion, so it can change.
   * null while the list is loading (no unknown-key warnings then). */
  secretKeys: readonly string[] | null;
  label: string;
  onChange?(text: string): void;
  /** Ctrl/Cmd-Enter. */
  onRun?(): void;
  ref?: Ref<FluxEditorHandle>;
}

/** CodeMirror 6 with Flux highlighting, server diagnostics and secret-key completion. */
export function FluxEditor({ initialValue, secretKeys, label, onChange, onRun, ref }: FluxEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const keys = useRef(secretKeys);
  keys.current = secretKeys;
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    const state = EditorState.create({
      doc: initialValue,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        fluxLanguage,
        syntaxHighlighting(classHighlighter),
        autocompletion({ override: [secretKeySource(() => keys.current ?? [])], icons: false }),
        lintGutter(),
        analyzeLinter(() => keys.current),
        cmPlaceholder('from(bucket: "…") |> range(start: -1h)'),
        keymap.of([
          { key: 'Mod-Enter', run: () => (callbacks.current.onRun?.(), true) },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...completionKeymap,
          ...lintKeymap,
          indentWithTab,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) callbacks.current.onChange?.(update.state.doc.toString());
        }),
      ],
    });
    const { root, parent } = editorRoot(host.current!);
    const v = new EditorView({ state, parent, root });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor owns its document after creation; initialValue is only the starting text.
  }, []);

  // Re-check unknown keys when the org's key list arrives or changes.
  const keyList = secretKeys?.join('\u0000') ?? null;
  useEffect(() => {
    if (view.current && keyList !== null) forceLinting(view.current);
  }, [keyList]);

  useImperativeHandle(ref, () => ({
    getValue: () => view.current?.state.doc.toString() ?? '',
    setValue(text) {
      const v = view.current;
      if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    },
    insertSecret(key) {
      if (view.current) insertSecretCall(view.current, key);
    },
    goTo(line, column) {
      const v = view.current;
      if (!v) return;
      const l = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
      const pos = l.from + Math.min(Math.max(0, column - 1), l.length);
      v.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      v.focus();
    },
    showError(line, column, message) {
      const v = view.current;
      if (!v) return;
      const range = rangeAt(v.state.doc, line, column);
      v.dispatch(setDiagnostics(v.state, [{ ...range, severity: 'error', message, source: 'Run' }]));
    },
    focus: () => view.current?.focus(),
  }));

  return (
    <div className="editor">
      <div ref={host} className="editor__host" />
      <p className="field__hint">
        Ctrl+Enter runs. Press Escape then Tab to move focus out of the editor. Type <code>secrets.get(key: "</code> to pick a secret key.
      </p>
    </div>
  );
}
