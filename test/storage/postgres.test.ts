import { openStorage } from '../../src/storage/database.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { runStorageConformance } from './conformance.js';

runStorageConformance('PostgreSQL', async () => {
  const db = await freshPostgresDatabase();
  const storage = await openStorage({ kind: 'postgres', url: db.url });
  return { storage, cleanup: async () => { await storage.close(); await db.drop(); } };
});
