/** Rotation and rewrap under concurrent reads and writes (shared by the test and the soak). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type InProcessServer, api, setupInstance } from '../helpers/server.js';
import { mismatchedSecrets } from './scripts.js';

const WORKERS = 16;
const KEYS_PER_WORKER = 3;
export const newMasterKey = () => randomBytes(32).toString('base64');

interface Keyring { orgs: { orgID: string; name: string; terms: number[]; activeTerm: number }[]; dataKeys: number }

/**
 * Runs `rounds` rotations and rewraps (alternating) while 16 workers write, read back through
 * scripts and list; returns what a restarted server must still resolve.
 */
export async function underLoad(start: (masterKey: string) => Promise<InProcessServer>, rounds = 3) {
  let masterKey = newMasterKey();
  const server = await start(masterKey);
  let stopped = false;
  try {
    const { token, orgId } = await setupInstance(server.url);
    const other = await api(server.url, token, 'POST', '/api/v2/orgs', { name: 'second' });
    assert.equal(other.status, 201);
    const orgs = [orgId, other.json.id as string];
    const failures: string[] = [];
    const written = new Map<string, Record<string, string>>(orgs.map((o) => [o, {}]));
    let done = false;
    const worker = async (w: number) => {
      const org = orgs[w % 2]!;
      for (let i = 0; !done || i < 6; i++) {
        const key = `W${w}_K${i % KEYS_PER_WORKER}`;
        const value = `canary-${w}-${i}-${randomBytes(6).toString('hex')}`;
        const put = await api(server.url, token, 'PATCH', `/api/v2/orgs/${org}/secrets`, { [key]: value });
        if (put.status !== 204) { failures.push(`PATCH ${put.status} ${put.text}`); continue; }
        written.get(org)![key] = value;
        const bad = await mismatchedSecrets(server.url, token, org, { [key]: value }).catch((e: Error) => [e.message]);
        if (bad.length > 0) failures.push(`read back ${key}: ${bad.join(', ')}`);
        const list = await api(server.url, token, 'GET', `/api/v2/orgs/${org}/secrets`);
        if (list.status !== 200 || !(list.json.secrets as string[]).includes(key)) failures.push(`list ${list.status} ${list.text}`);
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    const before = await api(server.url, token, 'GET', '/api/v2/keyring');
    assert.equal(before.status, 200);
    for (let round = 0; round < rounds; round++) {
      const rot = await api(server.url, token, 'POST', '/api/v2/keyring/rotate');
      assert.equal(rot.status, 200, rot.text);
      assert.equal(rot.json.rotatedOrgs, 2);
      const next = newMasterKey();
      const rw = await api(server.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: masterKey, newMasterKey: next });
      assert.equal(rw.status, 200, rw.text);
      assert.ok(rw.json.rewrappedDataKeys >= 2 * (round + 2));
      masterKey = next;
    }
    // The old key no longer proves possession.
    const stale = await api(server.url, token, 'POST', '/api/v2/keyring/rewrap', { currentMasterKey: newMasterKey(), newMasterKey: newMasterKey() });
    assert.equal(stale.status, 401);
    done = true;
    await load;
    assert.deepEqual(failures, []);

    const ring = (await api(server.url, token, 'GET', '/api/v2/keyring')).json as Keyring;
    for (const o of ring.orgs) assert.deepEqual(o.terms, Array.from({ length: rounds + 1 }, (_, i) => i + 1), `terms of ${o.name}`);
    assert.equal(ring.dataKeys, 2 * (rounds + 1));
    assert.ok(!JSON.stringify(before.json).includes(masterKey) && !JSON.stringify(ring).includes(masterKey));
    for (const org of orgs) assert.deepEqual(await mismatchedSecrets(server.url, token, org, written.get(org)!), []);

    // The next start needs the new key: the old one is refused, the new one opens every value.
    await server.stop();
    stopped = true;
    return { token, orgs, written, masterKey };
  } finally {
    if (!stopped) await server.stop();
  }
}

