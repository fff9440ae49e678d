/** Shared helpers for the Flux integration tests: run a script and render its CSV. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFlux } from '../../src/flux/runtime.js';
import type { FluxRunOptions, FluxRunOutcome } from '../../src/flux/runtime.js';
import { encodeAnnotatedCsv } from '../../src/flux/csv.js';
import { MapSecretReader } from './secret-store.js';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function run(
  source: string,
  secrets: Record<string, string>,
  extra: Partial<FluxRunOptions> = {},
): Promise<FluxRunOutcome & { csv: string }> {
  const outcome = await runFlux(source, {
    secrets: new MapSecretReader(new Map(Object.entries(secrets))),
    sqliteDir: extra.sqliteDir ?? tempDir('flux-run-'),
    timeoutMs: 20_000,
    ...extra,
  });
  return { ...outcome, csv: encodeAnnotatedCsv(outcome.results) };
}

/** Every form a leaked secret could take in output: raw, base64, URL-encoded, JSON-escaped, hex. */
export function encodingsOf(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  return [
    secret,
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('hex'),
  ];
}

/** Throws if any encoding of `secret` occurs in `text`. */
export function assertNoLeak(text: string, secret: string, where: string): void {
  for (const form of encodingsOf(secret)) {
    if (form.length >= 4 && text.toLowerCase().includes(form.toLowerCase())) {
      throw new Error(`secret leaked into ${where} as ${JSON.stringify(form)}: ${text.slice(0, 300)}`);
    }
  }
}
