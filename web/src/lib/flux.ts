/** Small helpers for Flux source the UI generates. */
export const SECRETS_IMPORT = 'import "influxdata/influxdb/secrets"';

/** A Flux string literal for `text` (quotes, backslashes and `${` escaped). */
export function fluxString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}

export function secretSnippet(key: string): string {
  return `secrets.get(key: ${fluxString(key)})`;
}

export function hasSecretsImport(source: string): boolean {
  return /^\s*import\s+"influxdata\/influxdb\/secrets"/m.test(source);
}

/** Where to insert the secrets import: after the last existing import, or at the very top. */
export function importInsertion(source: string): { at: number; text: string } {
  const re = /^\s*import\s+"[^"\n]*"[^\n]*$/gm;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(source); m; m = re.exec(source)) last = m;
  if (last) return { at: last.index + last[0].length, text: `\n${SECRETS_IMPORT}` };
  return { at: 0, text: `${SECRETS_IMPORT}\n\n` };
}

/** The `option task = {name: ..., every: ...}` header a task needs. */
export function taskOptionLine(name: string, every: string): string {
  return `option task = {name: ${fluxString(name)}, every: ${every}}`;
}

/** Adds the task option after the imports (Flux wants imports first). */
export function withTaskOption(source: string, name: string, every: string): string {
  const re = /^\s*import\s+"[^"\n]*"[^\n]*$/gm;
  let end = -1;
  for (let m = re.exec(source); m; m = re.exec(source)) end = m.index + m[0].length;
  const option = taskOptionLine(name, every);
  if (end < 0) return `${option}\n\n${source}`;
  return `${source.slice(0, end)}\n\n${option}\n${source.slice(end)}`;
}

export function hasTaskOption(source: string): boolean {
  return /^\s*option\s+task\s*=/m.test(source);
}

/** Finds "@line:col" in a Flux error message. */
export function errorPosition(message: string): { line: number; column: number } | null {
  const m = /@(\d+):(\d+)/.exec(message) ?? /line (\d+),? col(?:umn)? (\d+)/i.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}
