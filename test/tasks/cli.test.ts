/** `strongroom task ...` against a real server: the CLI process talks HTTP like any client. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { type InProcessServer, setupInstance, startInProcess } from '../helpers/server.js';

let server: InProcessServer;
let env: Record<string, string>;
before(async () => {
  server = await startInProcess();
  const s = await setupInstance(server.url);
  env = { STRONGROOM_HOST: server.url, STRONGROOM_TOKEN: s.token, STRONGROOM_ORG: 'acme' };
});
after(async () => server.stop());

test('task create (stdin), run, runs, logs, deactivate, list, delete', async () => {
  const flux = 'import "influxdata/influxdb/secrets"\noption task = {name: "from-cli", every: 1h}\nx = secrets.get(key: "absent")\n';
  const created = await runCli(['task', 'create', '--json'], { env, input: flux });
  assert.equal(created.code, 0, created.stderr);
  const task = JSON.parse(created.stdout) as { id: string; name: string; every: string; warnings: string[] };
  assert.deepEqual([task.name, task.every], ['from-cli', '1h']);
  assert.match(created.stderr, /Warning: secret "absent" is referenced by the script but does not exist/);

  const ran = await runCli(['task', 'run', '--id', task.id], { env });
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /^ID\s+Task ID\s+Status/);
  assert.match(ran.stdout, new RegExp(`${task.id}\\s+scheduled`));

  let runs = '';
  for (let i = 0; i < 40 && !runs.includes('failed'); i++) {
    runs = (await runCli(['task', 'runs', '--id', task.id], { env })).stdout;
    if (!runs.includes('failed')) await new Promise((r) => setTimeout(r, 200));
  }
  assert.match(runs, /failed/);
  const logs = await runCli(['task', 'logs', '--id', task.id, '--json'], { env });
  const messages = (JSON.parse(logs.stdout) as { message: string }[]).map((e) => e.message);
  assert.ok(messages.includes('Completed(failed)'), JSON.stringify(messages));

  const off = await runCli(['task', 'deactivate', '--id', task.id, '--json'], { env });
  assert.equal(JSON.parse(off.stdout).status, 'inactive');
  assert.match(off.stderr, /Warning: .*absent/);
  const list = await runCli(['task', 'list', '--status', 'inactive'], { env });
  assert.match(list.stdout, new RegExp(`${task.id}\\s+from-cli\\s+\\S+\\s+inactive\\s+every 1h`));
  const del = await runCli(['task', 'delete', '--id', task.id], { env });
  assert.equal(del.code, 0, del.stderr);
  const missing = await runCli(['task', 'runs', '--id', task.id], { env });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Error: 404 Not Found: task not found/);
});
