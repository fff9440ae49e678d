/**
 * `strongroom key`: master-key and data-key management against a running server (operator token).
 *   key status                                  data-key terms per org
 *   key rotate                                  a new data-key term for every org (no downtime)
 *   key rotate --new-master-key-file F          re-wrap every data key under the key in F (created
 *                                               if absent); the current key comes from
 *                                               --master-key-file or STRONGROOM_MASTER_KEY
 * After a rewrap the running server already uses the new key; start it with the new key next time.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { newKey } from '../../crypto/aead.js';
import { decodeMasterKey, writeMasterKeyFile } from '../../crypto/master-key.js';
import { clientOf, run, withConnection } from '../globals.js';
import { printJson, printTable } from '../output.js';

interface KeyFlags { host: string; token?: string; json?: boolean }




function readKeyFile(file: string): Buffer {
  return decodeMasterKey(readFileSync(file, 'utf8'), file);
}

/** The master key in use: --master-key-file, else STRONGROOM_MASTER_KEY, else STRONGROOM_MASTER_KEY_FILE. */
function currentMasterKey(flag: string | undefined): Buffer {
  if (flag) return readKeyFile(flag);
  if (process.env.STRONGROOM_MASTER_KEY) return decodeMasterKey(process.env.STRONGROOM_MASTER_KEY, 'STRONGROOM_MASTER_KEY');
  if (process.env.STRONGROOM_MASTER_KEY_FILE) return readKeyFile(process.env.STRONGROOM_MASTER_KEY_FILE);
  throw new Error('a rewrap needs the current master key: give --master-key-file or set STRONGROOM_MASTER_KEY');
}

export function registerKeyCommands(program: Command): void {
  const key = program.command('key').description('master-key and data-key management (operator token)');
  withConnection(key.command('status').description('data-key terms per org (never key material)'), 'operator API token')
    .action(run(async (f: KeyFlags) => {
      const s = await clientOf(f).json<{ orgs: { orgID: string; name: string; terms: number[]; activeTerm: number }[]; dataKeys: number }>('GET', '/api/v2/keyring');
      if (f.json) printJson(s);
      else printTable(['Organization ID', 'Name', 'Active term', 'Terms'], s.orgs.map((o) => [o.orgID, o.name, o.activeTerm, o.terms.length]));
    }));
  withConnection(key.command('rotate').description('add a data-key term to every org; with --new-master-key-file, re-wrap every data key under a new master key'), 'operator API token')
    .option('--new-master-key-file <file>', 'the new master key (base64); created with a fresh key if absent')
    .option('--master-key-file <file>', 'the current master key (else STRONGROOM_MASTER_KEY)')
    .action(run(async (f: KeyFlags & { newMasterKeyFile?: string; masterKeyFile?: string }) => {
      const api = clientOf(f);
      if (!f.newMasterKeyFile) {
        const r = await api.json<{ rotatedOrgs: number }>('POST', '/api/v2/keyring/rotate');
        if (f.json) printJson(r); else printTable(['Rotated orgs'], [[r.rotatedOrgs]]);
        return;
      }
      const current = currentMasterKey(f.masterKeyFile);
      let created = false;
      if (!existsSync(f.newMasterKeyFile)) {
        writeMasterKeyFile(f.newMasterKeyFile, newKey());
        created = true;
      }
      const next = readKeyFile(f.newMasterKeyFile);
      const r = await api.json<{ rewrappedDataKeys: number }>('POST', '/api/v2/keyring/rewrap', { currentMasterKey: current.toString('base64'), newMasterKey: next.toString('base64') });
      if (f.json) printJson({ ...r, newMasterKeyFile: f.newMasterKeyFile, created });
      else {
        printTable(['Re-wrapped data keys', 'New master key file'], [[r.rewrappedDataKeys, f.newMasterKeyFile]]);
        process.stderr.write(`The server now uses the new master key. Start it with --master-key-file ${f.newMasterKeyFile} (or its content in STRONGROOM_MASTER_KEY, or this file moved to DATA_DIR/master.key if the server used the generated key) from now on; the old key no longer opens the store.\n`);
      }
    }));
}
