import { StreamLanguage, type StringStream } from '@codemirror/language';

/**
 * A small Flux tokenizer for highlighting (no parse tree; the server's analyzer reports errors).
 * Knows comments, strings (with escapes, multi-line), durations, date-times, numbers, regexes
 * after `=~`/`!~`, keywords, booleans, pipe/arrow operators, properties and function calls.
 */
const KEYWORDS = new Set(['import', 'package', 'option', 'builtin', 'testcase', 'return', 'if', 'then', 'else', 'and', 'or', 'not', 'exists']);
const ATOMS = new Set(['true', 'false']);

interface FluxState {
  inString: boolean;
  afterMatchOp: boolean;
}

function readString(stream: StringStream, state: FluxState): string {
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === '\\') stream.next();
    else if (ch === '"') {
      state.inString = false;
      return 'string';
    }
  }
  return 'string';
}

export const fluxLanguage = StreamLanguage.define<FluxState>({
  name: 'flux',
  startState: () => ({ inString: false, afterMatchOp: false }),
  token(stream, state) {
    if (state.inString) return readString(stream, state);
    if (stream.eatSpace()) return null;
    const afterMatch = state.afterMatchOp;
    state.afterMatchOp = false;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.peek() === '"') {
      stream.next();
      state.inString = true;
      return readString(stream, state);
    }
    if (afterMatch && stream.peek() === '/') {
      stream.next();
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '\\') stream.next();
        else if (ch === '/') break;
      }
      return 'regexp';
    }
    if (stream.match(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?/)) return 'number';
    if (stream.match(/^(\d+(mo|ms|us|µs|ns|y|w|d|h|m|s))+/)) return 'number';
    if (stream.match(/^\d+(\.\d+)?/)) return 'number';
    if (stream.match(/^(=~|!~)/)) {
      state.afterMatchOp = true;
      return 'operator';
    }
    if (stream.match(/^(\|>|=>|<-|==|!=|<=|>=|[+\-*/%^<>=?])/)) return 'operator';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      if (KEYWORDS.has(word)) return 'keyword';
      if (ATOMS.has(word)) return 'bool';
      const prev = stream.string.slice(0, stream.start).trimEnd();
      if (stream.match(/^\s*\(/, false)) return prev.endsWith('.') ? 'propertyName' : 'variableName.function';
      if (prev.endsWith('.')) return 'propertyName';
      if (stream.match(/^\s*:/, false)) return 'propertyName.definition';
      return 'variableName';
    }
    if (stream.match(/^[()[\]{}]/)) return 'bracket';
    if (stream.match(/^[,.:]/)) return 'punctuation';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '//' }, closeBrackets: { brackets: ['(', '[', '{', '"'] } },
});
