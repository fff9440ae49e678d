/**
 * A client that disconnects cancels its query: the script's outbound HTTP call (to a local
 * server that never answers) is aborted as soon as the client goes away.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { api, serverForFile } from '../helpers/server.js';

const ctx = serverForFile();

test('disconnecting aborts the running script and its outbound call', async () => {
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((resolve) => { upstreamClosed = resolve; });
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => { arrived = resolve; });
  const slow = createServer((req) => {
    arrived();
    req.socket.on('close', () => upstreamClosed());
    // Never answers: only the query's cancellation can end this request.
  });
  await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/hang`;
  try {
    const client = new AbortController();
    const pending = fetch(`${ctx.server.url}/api/v2/query?orgID=${ctx.orgId}`, {
      method: 'POST', signal: client.signal,
      headers: { Authorization: `Token ${ctx.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: `import "http/requests"\nr = requests.get(url: "${url}")\nx = r.statusCode` }),
    }).catch((e: Error) => e);
    await requestArrived;
    const abortedAt = Date.now();
    client.abort();
    assert.ok((await pending) instanceof Error);
    await closed;
    // The upstream connection closed because the run was cancelled, long before the 30 s query timeout.
    assert.ok(Date.now() - abortedAt < 20_000);
    assert.equal((await api(ctx.server.url, undefined, 'GET', '/health')).status, 200);
  } finally {
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
  }
});

test('the query concurrency limit answers 429 with Retry-After', async () => {
  const limit = ctx.server.services.config.queryConcurrency;
  const hold = createServer(() => {});
  await new Promise<void>((r) => hold.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(hold.address() as AddressInfo).port}/hold`;
  const controllers = Array.from({ length: limit }, () => new AbortController());
  try {
    const running = controllers.map((c) => fetch(`${ctx.server.url}/api/v2/query?orgID=${ctx.orgId}`, {
      method: 'POST', signal: c.signal, headers: { Authorization: `Token ${ctx.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: `import "http/requests"\nr = requests.get(url: "${url}")` }),
    }).catch(() => undefined));
    // Wait until every slot is taken, then one more is refused.
    let refused;
    for (let i = 0; i < 100; i++) {
      refused = await api(ctx.server.url, ctx.token, 'POST', `/api/v2/query?orgID=${ctx.orgId}`, { query: 'x = 1' });
      if (refused.status === 429) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(refused!.status, 429);
    assert.equal(refused!.json.code, 'too many requests');
    assert.equal(refused!.headers.get('retry-after'), '1');
    for (const c of controllers) c.abort();
    await Promise.all(running);
  } finally {
    hold.closeAllConnections();
    await new Promise((r) => hold.close(r));
  }
});
