import { rmSync } from 'node:fs';
import { openStorage } from '../../src/storage/database.js';
import { tempDir } from '../helpers/server.js';
import { runTaskStoreConformance } from './tasks-conformance.js';

runTaskStoreConformance('SQLite', async () => {
  const dataDir = tempDir();
  const storage = await openStorage({ kind: 'sqlite', dataDir });
  return { storage, cleanup: async () => { await storage.close(); rmSync(dataDir, { recursive: true, force: true }); } };
});
