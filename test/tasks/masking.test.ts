/**
 * A canary secret read by tasks and yielded, displayed, encoded, or died with never appears in
 * anything the tasks API returns about runs (runs, one run with its log, run logs, task logs, the
 * task's lastRunError) in raw, base64, URL-encoded, JSON-escaped or hex form.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MASK } from '../../src/flux/interpreter/format.js';
import { assertNoLeak } from '../flux/run-helpers.js';
import { api, serverForFile } from '../helpers/server.js';

const CANARY = 'CANARY-7d1f/9a+e "q" sécret';
const PRELUDE = 'import "influxdata/influxdb/secrets"\nimport "array"\nimport "json"\nimport "http"\nimport "strings"\n';
const BODY = 's = secrets.get(key: "canary")\n';

const SCRIPTS: Record<string, string> = {
  yield: `${BODY}array.from(rows: [{v: s, w: "x" + s, j: string(v: json.encode(v: {s: s}))}]) |> yield(name: "leak")`,
  display: `${BODY}display(v: s)\ndisplay(v: "pre " + s)\ndisplay(v: {k: s})\ndisplay(v: http.pathEscape(inputString: s))\narray.from(rows: [{v: 1}])`,
  die: `${BODY}die(msg: "giving up: " + s)`,
  dieUpper: `${BODY}die(msg: strings.toUpper(v: s))`,
  conversion: `${BODY}x = int(v: s)\narray.from(rows: [{v: x}])`,
  yieldName: `${BODY}array.from(rows: [{v: 1}]) |> yield(name: s)`,
};

const ctx = serverForFile({ canary: CANARY });

async function finishedRun(taskId: string, runId: string) {
  const end = Date.now() + 10_000;
  for (;;) {
    const r = await api(ctx.server.url, ctx.token, 'GET', `/api/v2/tasks/${taskId}/runs/${runId}`);
    if (r.json?.status === 'success' || r.json?.status === 'failed') return r;
    if (Date.now() > end) throw new Error(`run did not finish: ${r.text}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

for (const [name, body] of Object.entries(SCRIPTS)) {
  test(`a task that tries to leak the canary via ${name}: nothing returned about its runs contains it`, async () => {
    const flux = `${PRELUDE}option task = {name: "leak-${name}", every: 24h}\n${body}\n`;
    const created = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/tasks', { orgID: ctx.orgId, flux });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    const run = await api(ctx.server.url, ctx.token, 'POST', `/api/v2/tasks/${id}/runs`, {});
    const done = await finishedRun(id, run.json.id);
    const texts = [
      done.text,
      (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/tasks/${id}/runs`)).text,
      (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/tasks/${id}/runs/${run.json.id}/logs`)).text,
      (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/tasks/${id}/logs`)).text,
      (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/tasks/${id}`)).text,
      (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/tasks?orgID=${ctx.orgId}`)).text,
    ];
    for (const [i, text] of texts.entries()) assertNoLeak(text, CANARY, `${name} response ${i}`);
    // The attempt was real: the run read the secret, and produced the output it tried to leak through.
    const usedBy = (await api(ctx.server.url, ctx.token, 'GET', `/api/v2/orgs/${ctx.orgId}/secrets/canary`)).json.usedBy as { id: string; lastReadAt: string | null }[];
    assert.ok(usedBy.some((u) => u.id === id && u.lastReadAt !== null), 'the task read the canary');
    const messages = (done.json.log as { message: string }[]).map((l) => l.message);
    if (name === 'yield') assert.ok(messages.includes('yield "leak": 1 table, 1 row'), JSON.stringify(messages));
    if (name === 'display') assert.ok(messages.filter((m) => m.startsWith('display: ') && m.includes(MASK)).length >= 2, JSON.stringify(messages));
    if (name.startsWith('die') || name === 'conversion') assert.equal(done.json.status, 'failed');
    await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/tasks/${id}`);
  });
}
