/**
 * A keep-alive connection keeps the digest of the last token it presented (src/http/
 * authenticate.ts), so its next requests skip the SHA-256. Nothing else is remembered: on one
 * and the same connection, a revoked token is refused by the very next request, and a switch of
 * token switches who the requests act as.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { test } from 'node:test';
import { api, serverForFile } from '../helpers/server.js';

const ctx = serverForFile({ A: '1' });

/** GET on `agent`'s single connection; returns the status and the client port (which connection carried it). */
function get(agent: Agent, path: string, authorization?: string): Promise<{ status: number; port: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${ctx.server.url}${path}`, { agent, headers: authorization === undefined ? {} : { Authorization: authorization } }, (res) => {
      // The socket is handed back to the agent once the response ends: read its port now.
      const port = res.socket.localPort!;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, port, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function newToken(orgID: string): Promise<{ id: string; token: string }> {
  const r = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/authorizations', {
    orgID, permissions: [{ action: 'read', resource: { type: 'orgs', id: orgID } }, { action: 'read', resource: { type: 'secrets', orgID } }],
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, token: r.json.token };
}

test('on one connection, a token revoked between two requests is refused by the second', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const t = await newToken(ctx.orgId);
    const path = `/api/v2/orgs/${ctx.orgId}/secrets`;
    const first = await get(agent, path, `Token ${t.token}`);
    assert.equal(first.status, 200);
    assert.equal((await get(agent, path, `Token ${t.token}`)).port, first.port, 'the same connection');
    assert.equal((await api(ctx.server.url, ctx.token, 'DELETE', `/api/v2/authorizations/${t.id}`)).status, 204);
    const after = await get(agent, path, `Token ${t.token}`);
    assert.equal(after.port, first.port, 'still the same connection');
    assert.equal(after.status, 401);
    assert.equal(JSON.parse(after.body).code, 'unauthorized');
  } finally {
    agent.destroy();
  }
});

test('on one connection, each request acts as the token it carries', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const other = await api(ctx.server.url, ctx.token, 'POST', '/api/v2/orgs', { name: 'connection-other' });
    const narrow = await newToken(other.json.id);
    const mine = `/api/v2/orgs/${ctx.orgId}/secrets`;
    const first = await get(agent, mine, `Token ${ctx.token}`);
    assert.equal(first.status, 200);
    // The narrow token reads only the other org: on the connection that just carried the
    // operator's token, it must not see this org.
    const denied = await get(agent, mine, `Token ${narrow.token}`);
    assert.equal(denied.port, first.port);
    assert.equal(denied.status, 404);
    assert.equal((await get(agent, `/api/v2/orgs/${other.json.id}/secrets`, `Token ${narrow.token}`)).status, 200);
    // Back to the operator's token, then a token that differs by one character, then none.
    assert.equal((await get(agent, mine, `Token ${ctx.token}`)).status, 200);
    const forged = ctx.token.slice(0, -1) + (ctx.token.endsWith('A') ? 'B' : 'A');
    assert.equal((await get(agent, mine, `Token ${forged}`)).status, 401);
    assert.equal((await get(agent, mine, `Bearer ${ctx.token}`)).status, 200, 'the Bearer scheme, same token');
    assert.equal((await get(agent, mine, 'Token')).status, 401, 'a header without a token');
    const none = await get(agent, mine);
    assert.equal(none.port, first.port);
    assert.equal(none.status, 401);
  } finally {
    agent.destroy();
  }
});
