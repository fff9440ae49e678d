/**
 * Rules for secret key names. Pure and dependency-free on purpose: the server enforces them on
 * every write and the web UI imports this same file to check a key as it is typed.
 *
 * InfluxDB accepts any string as a key; Strongroom is stricter so keys stay usable in URLs,
 * Flux source and shell commands (documented in the README).
 */
export const MAX_KEY_BYTES = 255;
export const MAX_VALUE_BYTES = 64 * 1024;

const utf8 = new TextEncoder();

/** Returns why `key` is not a valid secret key, or null when it is. */
export function secretKeyProblem(key: string): string | null {
  const bytes = utf8.encode(key).length;
  if (bytes === 0) return 'must not be empty';
  if (bytes > MAX_KEY_BYTES) return `must be at most ${MAX_KEY_BYTES} bytes of UTF-8 (it is ${bytes})`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) return 'must not contain control characters';
  if (key.includes('/')) return 'must not contain "/"';
  if (/^\s|\s$/u.test(key)) return 'must not start or end with whitespace';
  if (/[\ud800-\udfff]/.test(key.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'must be valid UTF-8 (it holds a lone surrogate)';
  return null;
}
