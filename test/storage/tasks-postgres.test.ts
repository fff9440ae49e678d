import { openStorage } from '../../src/storage/database.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { runTaskStoreConformance } from './tasks-conformance.js';

runTaskStoreConformance('PostgreSQL', async () => {
  const db = await freshPostgresDatabase();
  const storage = await openStorage({ kind: 'postgres', url: db.url });
  return { storage, cleanup: async () => { await storage.close(); await db.drop(); } };
});
