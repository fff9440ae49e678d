/**
 * A fast seeder for scale benchmarks: orgs with their data keys and secrets with real sealed
 * values, written through the storage layer in large multi-row transactions (far faster than
 * the API, which audits and commits each request). The store must already be set up by the
 * server with the same master key.
 */
import { Barrier } from '../src/crypto/barrier.js';
import { newId } from '../src/ids.js';
import { type StorageConfig, openStorage } from '../src/storage/database.js';
import { stores } from '../src/storage/stores.js';
import type { Tx } from '../src/storage/contracts.js';

export interface SeedPlan {
  orgs: number;
  keysPerOrg: number;
  /** Orgs per transaction. */
  orgsPerTx?: number;
  onProgress?: (orgsDone: number) => void;
}

const ROWS_PER_STATEMENT = 500;
const SEEDER = { type: 'system' as const, id: 'seed', name: 'bench seeder' };

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await insert(rows.slice(i, i + ROWS_PER_STATEMENT));
}

/** Seeds `plan.orgs` orgs named seed-org-N with `plan.keysPerOrg` secrets each; returns the seconds taken. */
export async function seedStore(config: StorageConfig, masterKey: Buffer, plan: SeedPlan): Promise<number> {
  const t0 = Date.now();
  const storage = await openStorage(config);
  try {
    const barrier = await Barrier.unseal(masterKey, stores, storage.db, (job) => storage.writes.write(job));
    const perTx = plan.orgsPerTx ?? 100;
    for (let start = 0; start < plan.orgs; start += perTx) {
      const count = Math.min(perTx, plan.orgs - start);
      await storage.writes.write(async (tx: Tx) => {
        const now = new Date().toISOString();
        const orgs = Array.from({ length: count }, (_, i) => ({ id: newId(), name: `seed-org-${start + i}`, description: '', created_at: now, updated_at: now }));
        await insertChunked(orgs, (chunk) => tx.insertInto('orgs').values(chunk).execute());
        const secrets = [];
        const versions = [];
        for (const org of orgs) {
          await barrier.createOrgKey(tx, org.id);
          const entries = Array.from({ length: plan.keysPerOrg }, (_, k) => [`secret_${k}`, `value-${org.id}-${k}-${'s'.repeat(24)}`] as const);
          const sealed = await barrier.sealValues(tx, org.id, entries);
          for (const [k, [key]] of entries.entries()) {
            secrets.push({ org_id: org.id, key, current_version: 1, latest_version: 1, created_at: now, updated_at: now, updated_by_type: SEEDER.type, updated_by_id: SEEDER.id, updated_by_name: SEEDER.name });
            versions.push({ org_id: org.id, key, version: 1, ciphertext: sealed[k]!, created_at: now, created_by_type: SEEDER.type, created_by_id: SEEDER.id, created_by_name: SEEDER.name });
          }
        }
        await insertChunked(secrets, (chunk) => tx.insertInto('secrets').values(chunk).execute());
        await insertChunked(versions, (chunk) => tx.insertInto('secret_versions').values(chunk).execute());
      });
      plan.onProgress?.(start + count);
    }
  } finally {
    await storage.close();
  }
  return (Date.now() - t0) / 1000;
}
