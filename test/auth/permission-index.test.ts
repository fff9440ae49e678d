/**
 * Long frozen permission lists are checked through an index (src/auth/permissions.ts); it must
 * answer exactly as InfluxDB's rule applied grant by grant (permissionMatches).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type Permission, allAccessPermissions, isAllowed, operatorPermissions, permissionMatches } from '../../src/auth/permissions.js';

const ids = ['0000000000000001', '0000000000000002', '00000000000000aa'];
const resource = fc.record({
  type: fc.constantFrom('orgs', 'secrets', 'tasks', 'users', 'instance', 'authorizations'),
  id: fc.option(fc.constantFrom(...ids), { nil: undefined }),
  orgID: fc.option(fc.constantFrom(...ids), { nil: undefined }),
}).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
const permission = fc.record({ action: fc.constantFrom('read', 'write'), resource }) as unknown as fc.Arbitrary<Permission>;

function deepFrozen(list: Permission[]): readonly Permission[] {
  for (const p of list) Object.freeze(Object.freeze(p).resource);
  return Object.freeze(list);
}

test('a frozen list answers through its index exactly as grant-by-grant matching', () => {
  fc.assert(fc.property(fc.array(permission, { minLength: 8, maxLength: 40 }), fc.array(permission, { minLength: 1, maxLength: 10 }), (granted, wanted) => {
    const frozen = deepFrozen(granted.map((g) => structuredClone(g)));
    for (const w of wanted) {
      assert.equal(isAllowed(frozen, w), granted.some((g) => permissionMatches(g, w)), JSON.stringify({ granted, w }));
    }
  }), { numRuns: 3_000 });
});

test('the index keeps scope: an org-wide grant is not another org\'s, an ID grant is not its org\'s', () => {
  const org = '0000000000000001';
  const other = '0000000000000002';
  const token = deepFrozen(allAccessPermissions(org, '00000000000000aa'));
  assert.ok(token.length >= 8);
  assert.equal(isAllowed(token, { action: 'read', resource: { type: 'secrets', orgID: org } }), true);
  assert.equal(isAllowed(token, { action: 'read', resource: { type: 'secrets', orgID: other } }), false);
  assert.equal(isAllowed(token, { action: 'read', resource: { type: 'secrets' } }), false);
  assert.equal(isAllowed(token, { action: 'read', resource: { type: 'orgs', id: org } }), true);
  assert.equal(isAllowed(token, { action: 'write', resource: { type: 'orgs', id: org } }), false);
  assert.equal(isAllowed(token, { action: 'read', resource: { type: 'orgs', id: other } }), false);
  assert.equal(isAllowed(token, { action: 'read', resource: { type: 'instance' } }), false);
  const operator = deepFrozen(operatorPermissions());
  assert.equal(isAllowed(operator, { action: 'write', resource: { type: 'secrets', orgID: other } }), true);
  assert.equal(isAllowed(operator, { action: 'read', resource: { type: 'instance' } }), false);
});
