/**
 * Request bodies arrive as raw text (every content type is accepted, as InfluxDB does not check
 * it) and are decoded by the handler *after* the org checks, matching InfluxDB's processing
 * order. Decode failures read like InfluxDB's: `failed to unmarshal json: ...`.
 */
import { invalid } from '../errors.js';

export function rawBody(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return '';
}

/**
 * V8 quotes the start of the input in some parse errors (`Unexpected token 'S', "{"k": S3cr3t}"
 * is not valid JSON`); a request body may carry a secret value, so the quote is dropped.
 */
function withoutQuotedInput(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, ' (the body is not valid JSON)');
}

export function decodeJson(body: unknown): unknown {
  const text = rawBody(body);
  try {
    return JSON.parse(text);
  } catch (e) {
    // An empty (or all-whitespace) body is Go's io.EOF; it fails to parse, so is checked only then.
    if (text.trim() === '') throw invalid('failed to unmarshal json: EOF');
    throw invalid(`failed to unmarshal json: ${withoutQuotedInput((e as Error).message)}`);
  }
}

const goType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);

/** A JSON object (or null, as Go decodes it into an empty map), else InfluxDB's message for the target type. */
export function decodeObject(body: unknown, goTarget = 'map[string]interface {}'): Record<string, unknown> {
  const v = decodeJson(body);
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`failed to unmarshal json: json: cannot unmarshal ${goType(v)} into Go value of type ${goTarget}`);
  return v as Record<string, unknown>;
}

/** `{key: value}` with string values; `null` decodes to "" as Go's encoding/json does. */
export function decodeStringMap(body: unknown): Record<string, string> {
  const obj = decodeObject(body, 'map[string]string');
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v !== 'string') throw invalid(`failed to unmarshal json: json: cannot unmarshal ${goType(v)} into Go value of type string`);
    out[k] = v ?? '';
  }
  return out;
}

export function optionalString(obj: Record<string, unknown>, field: string): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${field} must be a string`);
  return v;
}
