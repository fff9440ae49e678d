/**
 * Syntax check of regexp literals, reporting what the official parser reports: it compiles each
 * pattern with Rust's `regex` crate (RE2 syntax) and records the crate's error text, flattened.
 * We check the common errors (unbalanced groups and classes, bad escapes, repetitions, class
 * ranges, group names and flags) and format them the same way. Rarer ones, such as unknown
 * Unicode property names, are accepted here although the official parser rejects them.
 */

/** Where an error points: character offsets in the pattern, and the marked length. */
interface Span {
  at: number;
  length: number;
}

interface RegexProblem {
  message: string;
  /** The primary span, plus for some errors an earlier related one (a duplicate's original). */
  spans: Span[];
}

const problem = (message: string, at: number, length = 1, ...more: Span[]): RegexProblem => ({
  message,
  spans: [{ at, length }, ...more],
});

/** What may follow `\` outside a class: a meta character or a known escape letter. */
const ESCAPABLE = /^[\\.+*?()|[\]{}^$#&\-~aftnrvAzbBxuUpPdswDSW]$/;
/** Escapes that stand for a set of characters, which cannot bound a class range. */
const CLASS_ESCAPE = /^[dswDSWpP]$/;
const FLAG = /^[imsUux-]$/;

/** The official error message for a pattern, or undefined when it is valid. */
export function checkRegexSyntax(pattern: string): string | undefined {
  const found = findProblem(Array.from(pattern));
  return found === undefined ? undefined : formatProblem(pattern, found);
}

function findProblem(chars: string[]): RegexProblem | undefined {
  const openGroups: number[] = [];
  const groupNames = new Map<string, number>();
  let canRepeat = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\") {
      const escape = checkEscape(chars, i);
      if ("message" in escape) return escape;
      i = escape.end - 1;
      canRepeat = true;
    } else if (c === "(") {
      openGroups.push(i);
      canRepeat = false;
      if (chars[i + 1] !== "?") continue;
      const header = parseGroupHeader(chars, i, groupNames);
      if ("message" in header) return header;
      i = header.end - 1;
      if (header.flagsOnly) openGroups.pop();
    } else if (c === ")") {
      if (openGroups.pop() === undefined) return problem("unopened group", i);
      canRepeat = true;
    } else if (c === "[") {
      const cls = parseClass(chars, i);
      if ("message" in cls) return cls;
      i = cls.end - 1;
      canRepeat = true;
    } else if (c === "*" || c === "+" || c === "?") {
      if (!canRepeat) return problem("repetition operator missing expression", i);
    } else if (c === "{") {
      if (!canRepeat) return problem("repetition operator missing expression", i);
      const counted = parseCountedRepetition(chars, i);
      if ("message" in counted) return counted;
      i = counted.end - 1;
    } else {
      canRepeat = c !== "|"; // anchors such as `^` may be repeated, as in Rust's regex crate
    }
  }
  const unclosed = openGroups.pop();
  return unclosed === undefined ? undefined : problem("unclosed group", unclosed);
}

/** `\c` at `at`: returns the index after it, or the error. */
function checkEscape(chars: string[], at: number): { end: number; isClass: boolean; char: string } | RegexProblem {
  const next = chars[at + 1];
  if (next === undefined) return problem("incomplete escape sequence, reached end of pattern prematurely", at);
  if (/[0-9]/.test(next)) return problem("backreferences are not supported", at, 2);
  if (!ESCAPABLE.test(next)) return problem("unrecognized escape sequence", at, 2);
  let end = at + 2;
  // `\p{Greek}`, `\x{263a}`: the braces belong to the escape.
  if ((next === "p" || next === "P" || next === "x") && chars[end] === "{") {
    const close = chars.indexOf("}", end);
    if (close > 0) end = close + 1;
  }
  const literal = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", a: "\x07" }[next as "n"] ?? next;
  return { end, isClass: CLASS_ESCAPE.test(next), char: literal };
}

/** `(?flags)`, `(?flags:...)` or `(?P<name>...)` at `at`. */
function parseGroupHeader(
  chars: string[],
  at: number,
  groupNames: Map<string, number>,
): { end: number; flagsOnly: boolean } | RegexProblem {
  let i = at + 2;
  if (chars[i] === "P" || chars[i] === "<") {
    if (chars[i] === "P") i++;
    const nameStart = i + 1;
    let j = nameStart;
    while (j < chars.length && /[A-Za-z0-9_]/.test(chars[j]!)) j++;
    if (chars[j] !== ">") return problem("unclosed capture group name", nameStart);
    const name = chars.slice(nameStart, j).join("");
    if (name === "") return problem("empty capture group name", j);
    const earlier = groupNames.get(name);
    if (earlier !== undefined) {
      return problem("duplicate capture group name", nameStart, name.length, { at: earlier, length: name.length });
    }
    groupNames.set(name, nameStart);
    return { end: j + 1, flagsOnly: false };
  }
  while (i < chars.length && FLAG.test(chars[i]!)) i++;
  if (i >= chars.length) return problem("expected flag but got end of regex", i);
  if (chars[i] === ")") return { end: i + 1, flagsOnly: true };
  if (chars[i] === ":") return { end: i + 1, flagsOnly: false };
  return problem("unrecognized flag", i);
}

/** A bracketed class at `start` (nested classes allowed); returns the index after `]`. */
function parseClass(chars: string[], start: number): { end: number } | RegexProblem {
  let i = start + 1;
  if (chars[i] === "^") i++;
  if (chars[i] === "]") i++; // a leading `]` is literal
  for (;;) {
    if (i >= chars.length) return problem("unclosed character class", start);
    const c = chars[i]!;
    if (c === "]") return { end: i + 1 };
    if (c === "[") {
      if (chars[i + 1] === ":") {
        const close = chars.join("").indexOf(":]", i + 2); // `[:alpha:]`
        if (close > 0) {
          i = Array.from(chars.join("").slice(0, close + 2)).length;
          continue;
        }
      }
      const nested = parseClass(chars, i);
      if ("message" in nested) return nested;
      i = nested.end;
      continue;
    }
    const low = classAtom(chars, i, start);
    if ("message" in low) return low;
    if (chars[low.end] === "-" && chars[low.end + 1] !== "]" && low.end + 1 < chars.length) {
      const high = classAtom(chars, low.end + 1, start);
      if ("message" in high) return high;
      if (low.isClass) return problem("invalid range boundary, must be a literal", i);
      if (high.isClass) return problem("invalid range boundary, must be a literal", low.end + 1);
      if (low.char.codePointAt(0)! > high.char.codePointAt(0)!) {
        return problem("invalid character class range, the start must be <= the end", i, high.end - i);
      }
      i = high.end;
    } else {
      i = low.end;
    }
  }
}

/**
 * One class member. Assertions such as `\b` mean nothing inside a class, but (as in the Rust
 * crate) that is only reported when the pattern goes on: at the end the class is unclosed.
 */
function classAtom(chars: string[], at: number, classStart: number): { end: number; isClass: boolean; char: string } | RegexProblem {
  if (chars[at] === "\\") {
    if (/^[bBAz]$/.test(chars[at + 1] ?? "")) {
      if (at + 2 >= chars.length) return problem("unclosed character class", classStart);
      return problem("invalid escape sequence found in character class", at, 2);
    }
    return checkEscape(chars, at);
  }
  return { end: at + 1, isClass: false, char: chars[at]! };
}

/** `{n}`, `{n,}` or `{n,m}` at `start`; returns the index after `}`. */
function parseCountedRepetition(chars: string[], start: number): { end: number } | RegexProblem {
  const unclosed = problem("unclosed counted repetition", start);
  const isSpace = (i: number) => i < chars.length && /\s/u.test(chars[i]!);
  // Like the Rust regex parser: whitespace around the digits is skipped.
  const decimal = (from: number): { end: number; value: number } | RegexProblem => {
    let at = from;
    while (isSpace(at)) at++;
    let end = at;
    while (end < chars.length && /[0-9]/.test(chars[end]!)) end++;
    if (end === at) return problem("repetition quantifier expects a valid decimal", at);
    const value = Number(chars.slice(at, end).join(""));
    while (isSpace(end)) end++;
    return { end, value };
  };
  if (start + 1 >= chars.length) return unclosed;
  const min = decimal(start + 1);
  if ("message" in min) return min;
  let i = min.end;
  let max = min.value;
  if (i >= chars.length) return unclosed;
  if (chars[i] === ",") {
    i++;
    if (i >= chars.length) return unclosed;
    if (chars[i] !== "}") {
      const upper = decimal(i);
      if ("message" in upper) return upper;
      i = upper.end;
      max = upper.value;
    }
  }
  if (i >= chars.length || chars[i] !== "}") return unclosed;
  if (max < min.value) return problem("invalid repetition count range, the start must be <= the end", start, i + 1 - start);
  return { end: i + 1 };
}

/**
 * The crate's error text as the official parser flattens it: the pattern (with numbered lines
 * between `~` rulers when it spans lines), a marker line of carets under the spans, then the
 * error; then newlines dropped, every run of four spaces collapsed to one, carets removed.
 */
function formatProblem(pattern: string, found: RegexProblem): string {
  const chars = Array.from(pattern);
  const lines = pattern.split("\n");
  if (lines.at(-1) === "") lines.pop(); // like Rust's str::lines()
  const multiLine = pattern.includes("\n");
  const numberWidth = multiLine ? String(lines.length).length : 0;
  const padding = multiLine ? numberWidth + 2 : 4;

  // Group spans by line, with 0-based character columns.
  const marks = new Map<number, Array<{ column: number; length: number }>>();
  for (const span of found.spans) {
    const before = chars.slice(0, span.at);
    const line = before.filter((c) => c === "\n").length;
    const column = span.at - (before.lastIndexOf("\n") + 1);
    const onLine = marks.get(line) ?? [];
    onLine.push({ column, length: Math.max(1, span.length) });
    marks.set(line, onLine);
  }

  let notated = "";
  lines.forEach((text, i) => {
    notated += multiLine ? `${String(i + 1).padStart(numberWidth)}: ` : "    ";
    notated += text.replace(/\r$/, "") + "\n";
    const onLine = marks.get(i)?.sort((a, b) => a.column - b.column);
    if (!onLine) return;
    let marker = " ".repeat(padding);
    let pos = 0;
    for (const { column, length } of onLine) {
      marker += " ".repeat(Math.max(0, column - pos)) + "^".repeat(length);
      pos = Math.max(pos, column) + length;
    }
    notated += marker + "\n";
  });
  const ruler = "~".repeat(79);
  const raw = multiLine
    ? `regex parse error:\n${ruler}\n${notated}${ruler}\nerror: ${found.message}`
    : `regex parse error:\n${notated}error: ${found.message}`;
  return raw.replaceAll("\n", "").replaceAll("    ", " ").replaceAll("^", "");
}
