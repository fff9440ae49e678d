/**
 * The storage conformance suite: one set of cases for the storage contract, run against every
 * backend (SQLite and PostgreSQL) by a few-line test file each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor, Stores } from '../../src/storage/contracts.js';
import type { StorageHandle } from '../../src/storage/database.js';
import { stores as kyselyStores } from '../../src/storage/stores.js';

const NOW = '2026-01-01T00:00:00.000Z';
const actor: Actor = { type: 'user', id: 'aaaaaaaaaaaaaaaa', name: 'ada' };

export function runStorageConformance(name: string, open: () => Promise<{ storage: StorageHandle; cleanup(): Promise<void> }>): void {
  describe(`storage conformance: ${name}`, () => {
    let storage: StorageHandle;
    let cleanup: () => Promise<void>;
    const s: Stores = kyselyStores;
    let n = 0;
    const org = async () => {
      const id = (++n).toString(16).padStart(16, '0');
      await storage.writes.write((tx) => s.orgs.insert(tx, { id, name: `org-${id}`, description: '', createdAt: NOW, updatedAt: NOW }));
      return id;
    };

    before(async () => ({ storage, cleanup } = await open()));
    after(async () => cleanup());

    test('orgs: insert, find by id and name, list with filters, update, delete', async () => {
      const id = await org();
      assert.equal((await s.orgs.findById(storage.db, id))?.name, `org-${id}`);
      assert.equal((await s.orgs.findByName(storage.db, `org-${id}`))?.id, id);
      assert.deepEqual((await s.orgs.list(storage.db, { id })).map((o) => o.id), [id]);
      assert.deepEqual(await s.orgs.list(storage.db, { ids: [] }), []);
      await storage.writes.write((tx) => s.orgs.update(tx, id, { description: 'd', updatedAt: '2026-02-01T00:00:00.000Z' }));
      assert.equal((await s.orgs.findById(storage.db, id))?.description, 'd');
      assert.equal(await storage.writes.write((tx) => s.orgs.delete(tx, id)), true);
      assert.equal(await s.orgs.findById(storage.db, id), undefined);
      assert.equal(await storage.writes.write((tx) => s.orgs.delete(tx, id)), false);
    });

    test('orgs: names are unique', async () => {
      const id = await org();
      await assert.rejects(storage.writes.write((tx) => s.orgs.insert(tx, { id: 'ffff00000000000f', name: `org-${id}`, description: '', createdAt: NOW, updatedAt: NOW })));
    });

    test('users and memberships', async () => {
      const id = await org();
      await storage.writes.write(async (tx) => {
        await s.users.insert(tx, { id: 'bbbbbbbbbbbbbbb1', name: 'bob', status: 'active', passwordHash: null, createdAt: NOW, updatedAt: NOW });
        await s.users.addMember(tx, { orgId: id, userId: 'bbbbbbbbbbbbbbb1', role: 'member' }, NOW);
        await s.users.addMember(tx, { orgId: id, userId: 'bbbbbbbbbbbbbbb1', role: 'owner' }, NOW);
      });
      assert.deepEqual((await s.users.members(storage.db, id)).map((m) => [m.name, m.role]), [['bob', 'owner']]);
      assert.deepEqual(await s.users.membershipsOf(storage.db, 'bbbbbbbbbbbbbbb1'), [{ orgId: id, userId: 'bbbbbbbbbbbbbbb1', role: 'owner' }]);
      assert.equal(await s.users.count(storage.db) >= 1, true);
      assert.equal(await storage.writes.write((tx) => s.users.removeMember(tx, id, 'bbbbbbbbbbbbbbb1')), true);
      assert.deepEqual(await s.users.members(storage.db, id), []);
    });

    test('authorizations: found by token hash, listed by org, updated, deleted; permissions round-trip', async () => {
      const id = await org();
      await storage.writes.write(async (tx) => {
        if (!(await s.users.findById(tx, 'bbbbbbbbbbbbbbb2'))) await s.users.insert(tx, { id: 'bbbbbbbbbbbbbbb2', name: 'carol', status: 'active', passwordHash: null, createdAt: NOW, updatedAt: NOW });
        await s.authorizations.insert(tx, { id: 'cccccccccccccccc', tokenHash: 'h1', status: 'active', description: 'x', orgId: id, userId: 'bbbbbbbbbbbbbbb2', permissions: [{ action: 'read', resource: { type: 'secrets', orgID: id } }], createdAt: NOW, updatedAt: NOW });
      });
      const a = await s.authorizations.findByTokenHash(storage.db, 'h1');
      assert.deepEqual(a?.permissions, [{ action: 'read', resource: { type: 'secrets', orgID: id } }]);
      const withUser = await s.authorizations.findByTokenHashWithUser(storage.db, 'h1');
      assert.deepEqual(withUser?.auth, a);
      assert.deepEqual(withUser?.user, await s.users.findById(storage.db, 'bbbbbbbbbbbbbbb2'));
      assert.equal(await s.authorizations.findByTokenHashWithUser(storage.db, 'no such hash'), undefined);
      assert.equal((await s.authorizations.list(storage.db, { orgId: id })).length, 1);
      await storage.writes.write((tx) => s.authorizations.update(tx, 'cccccccccccccccc', { status: 'inactive', updatedAt: NOW }));
      assert.equal((await s.authorizations.findById(storage.db, 'cccccccccccccccc'))?.status, 'inactive');
      assert.equal(await storage.writes.write((tx) => s.authorizations.delete(tx, 'cccccccccccccccc')), true);
      assert.equal(await s.authorizations.findByTokenHash(storage.db, 'h1'), undefined);
    });

    test('secrets: put creates then replaces versions; keys sorted by bytes; org isolation', async () => {
      const o1 = await org();
      const o2 = await org();
      const put = (o: string, k: string, v: string) => storage.writes.write((tx) => s.secrets.put(tx, o, k, Buffer.from(v), actor, NOW, 3));
      assert.deepEqual(await put(o1, 'b', 'v1'), { version: 1, created: true });
      assert.deepEqual(await put(o1, 'b', 'v2'), { version: 2, created: false });
      await put(o1, 'a', 'x');
      await put(o1, 'Z', 'x');
      await put(o1, '_', 'x');
      await put(o2, 'only-in-2', 'x');
      assert.deepEqual(await s.secrets.listKeys(storage.db, o1), ['Z', '_', 'a', 'b']);
      assert.deepEqual(await s.secrets.listKeys(storage.db, o2), ['only-in-2']);
      const cur = await s.secrets.ciphertext(storage.db, o1, 'b');
      assert.equal(cur?.version, 2);
      assert.equal(cur?.ciphertext.toString(), 'v2');
      assert.equal((await s.secrets.ciphertext(storage.db, o1, 'b', 1))?.ciphertext.toString(), 'v1');
      assert.equal(await s.secrets.ciphertext(storage.db, o2, 'b'), undefined);
    });

    test('secrets: history is pruned to the kept number of versions, and a kept version can be made current', async () => {
      const o = await org();
      for (let i = 1; i <= 5; i++) await storage.writes.write((tx) => s.secrets.put(tx, o, 'k', Buffer.from(`v${i}`), actor, NOW, 3));
      assert.deepEqual((await s.secrets.versions(storage.db, o, 'k')).map((v) => v.version), [5, 4, 3]);
      await storage.writes.write((tx) => s.secrets.setCurrent(tx, o, 'k', 3, actor, NOW));
      assert.equal((await s.secrets.ciphertext(storage.db, o, 'k'))?.ciphertext.toString(), 'v3');
      assert.equal((await s.secrets.metadata(storage.db, o, 'k'))?.latestVersion, 5);
      assert.deepEqual(await storage.writes.write((tx) => s.secrets.put(tx, o, 'k', Buffer.from('v6'), actor, NOW, 3)), { version: 6, created: false });
    });

    test('secrets: delete removes existing keys with their history and ignores missing ones', async () => {
      const o = await org();
      await storage.writes.write(async (tx) => { for (const k of ['a', 'b', 'c']) await s.secrets.put(tx, o, k, Buffer.from('x'), actor, NOW, 10); });
      assert.deepEqual((await storage.writes.write((tx) => s.secrets.delete(tx, o, ['a', 'nope']))).map((d) => d.key), ['a']);
      assert.deepEqual(await s.secrets.listKeys(storage.db, o), ['b', 'c']);
      assert.deepEqual(await s.secrets.versions(storage.db, o, 'a'), []);
      assert.deepEqual(await storage.writes.write((tx) => s.secrets.delete(tx, o, [])), []);
    });

    test('group commit: concurrent writes all commit; a failing one rolls back alone', async () => {
      const o = await org();
      const jobs = Array.from({ length: 50 }, (_, i) => storage.writes.write((tx) => s.secrets.put(tx, o, `k${i}`, Buffer.from('x'), actor, NOW, 10)));
      const failing = storage.writes.write(async (tx) => {
        await s.secrets.put(tx, o, 'doomed', Buffer.from('x'), actor, NOW, 10);
        throw new Error('boom');
      });
      await Promise.all(jobs);
      await assert.rejects(failing, /boom/);
      const keys = await s.secrets.listKeys(storage.db, o);
      assert.equal(keys.length, 50);
      assert.ok(!keys.includes('doomed'));
    });

    test('a failed transaction writes nothing', async () => {
      const o = await org();
      await assert.rejects(storage.writes.write(async (tx) => {
        await s.secrets.put(tx, o, 'half', Buffer.from('x'), actor, NOW, 10);
        await s.orgs.insert(tx, { id: o, name: 'dup', description: '', createdAt: NOW, updatedAt: NOW }); // primary key conflict
      }));
      assert.deepEqual(await s.secrets.listKeys(storage.db, o), []);
    });

    test('keyring: master check initialised once; data keys by term; rewrap', async () => {
      const o = await org();
      const first = await storage.writes.write((tx) => s.keyring.initMasterCheck(tx, Buffer.from('one'), NOW));
      const second = await storage.writes.write((tx) => s.keyring.initMasterCheck(tx, Buffer.from('two'), NOW));
      assert.deepEqual(second, first);
      assert.equal(await storage.writes.write((tx) => s.keyring.insertDataKey(tx, o, 1, Buffer.from('k1'), NOW)), true);
      assert.equal(await storage.writes.write((tx) => s.keyring.insertDataKey(tx, o, 1, Buffer.from('again'), NOW)), false);
      await storage.writes.write((tx) => s.keyring.insertDataKey(tx, o, 2, Buffer.from('k2'), NOW));
      assert.deepEqual(await s.keyring.latestDataKey(storage.db, o), { term: 2, wrapped: Buffer.from('k2') });
      await storage.writes.write((tx) => s.keyring.rewrapDataKey(tx, o, 1, Buffer.from('k1b')));
      assert.deepEqual(await s.keyring.dataKey(storage.db, o, 1), Buffer.from('k1b'));
    });

    test('audit: append and query newest first with filters', async () => {
      const o = await org();
      await storage.writes.write(async (tx) => {
        for (const [i, action] of (['create', 'replace', 'read'] as const).entries()) {
          await s.audit.append(tx, { id: `e${o}${i}`, time: `2026-01-01T00:00:0${i}.000Z`, orgId: o, actor, action, key: 'k', version: i + 1, requestId: 'r', remoteAddress: '127.0.0.1' });
        }
      });
      assert.deepEqual((await s.audit.query(storage.db, { orgId: o, limit: 10 })).map((e) => e.action), ['read', 'replace', 'create']);
      assert.deepEqual((await s.audit.query(storage.db, { orgId: o, action: 'replace', limit: 10 })).map((e) => e.version), [2]);
      assert.deepEqual((await s.audit.query(storage.db, { orgId: o, actor: 'ada', after: '2026-01-01T00:00:00.500Z', limit: 10 })).length, 2);
      assert.equal((await s.audit.query(storage.db, { orgId: o, limit: 1 })).length, 1);
    });

    test('audit: an ID already taken is refused without writing or failing the transaction', async () => {
      const o = await org();
      const event = { id: `dup${o.slice(3)}`, time: NOW, orgId: o, actor, action: 'create' as const, key: 'k', version: 1, requestId: 'r', remoteAddress: '127.0.0.1' };
      const outcome = await storage.writes.write(async (tx) => {
        const first = await s.audit.append(tx, event);
        const again = await s.audit.append(tx, { ...event, key: 'other' });
        // The transaction goes on after the refused insert (PostgreSQL would abort on an error).
        const next = await s.audit.append(tx, { ...event, id: `nxt${o.slice(3)}`, key: 'other' });
        return [first, again, next];
      });
      assert.deepEqual(outcome, [true, false, true]);
      assert.deepEqual((await s.audit.query(storage.db, { orgId: o, limit: 10 })).map((e) => [e.id, e.key]), [[`nxt${o.slice(3)}`, 'other'], [`dup${o.slice(3)}`, 'k']]);
    });

    test('settings: insertOnce is first-wins', async () => {
      assert.equal(await storage.writes.write((tx) => s.settings.insertOnce(tx, `x${name}`, '1')), true);
      assert.equal(await storage.writes.write((tx) => s.settings.insertOnce(tx, `x${name}`, '2')), false);
      assert.equal(await s.settings.get(storage.db, `x${name}`), '1');
    });

    test('integrity check passes', async () => {
      assert.equal(await storage.integrityCheck(), 'ok');
    });
  });
}
