/**
 * The barrier: the only code that sees plaintext secret values. Storage below it holds
 * ciphertext only.
 *
 * Envelope encryption: the master key wraps per-org data keys; each org has data keys by term
 * (rotation adds a term used for new writes; old terms stay readable). A sealed value is
 *   0x01 ‖ term (uint32 BE) ‖ nonce ‖ ciphertext ‖ tag
 * with associated data binding it to its row (org ID + secret key) and to its header, so a
 * ciphertext copied to another row or org, or with a flipped bit, fails to open.
 */
import { StrongroomError } from '../errors.js';
import type { Reader, Stores, Tx } from '../storage/contracts.js';
import { timingSafeEqual } from 'node:crypto';
import { DecryptionError, newKey, open, seal } from './aead.js';

const FORMAT = 0x01;
const HEADER_BYTES = 5;
const MASTER_CHECK_PLAINTEXT = Buffer.from('strongroom master key check v1');
const MASTER_CHECK_AAD = Buffer.from('strongroom/master-check/v1');

const dataKeyAad = (orgId: string, term: number) => Buffer.from(`strongroom/data-key/v1\0${orgId}\0${term}`);
const valueAad = (header: Buffer, orgId: string, key: string) =>
  Buffer.concat([Buffer.from(`strongroom/secret/v1\0${orgId}\0`), Buffer.from(key, 'utf8'), Buffer.from([0]), header]);

export class WrongMasterKeyError extends Error {
  constructor() {
    super('the master key does not match this store: it was initialised with another master key (check --master-key-file / STRONGROOM_MASTER_KEY)');
    this.name = 'WrongMasterKeyError';
  }
}

/** Another instance re-wrapped the keyring under a new master key; this one must restart with it (503). */
export class MasterKeyRotatedError extends StrongroomError {
  constructor() {
    super('unavailable', 'the master key of this store was changed (by a rewrap on another instance): restart this server with the new master key');
  }
}

export class Barrier {
  /**
   * Unwrapped data keys by `orgId:term`, with the wrapped bytes they came from. A committed data
   * key never changes (a rewrap changes only its wrapping), so the cache is safe across
   * instances. But a key is also unwrapped inside the transaction that creates it (a rotation
   * and a write in one batch), and if that transaction rolls back, the same term is later made
   * again with a different key: sealing checks the wrapped bytes, so it never seals under the
   * key of a term that was rolled back (values would be unreadable after a restart).
   */
  private readonly dataKeys = new Map<string, { wrapped: Buffer; key: Buffer }>();
  /**
   * Master keys this process used before a rewrap. A data key read while a rewrap commits may
   * still be wrapped under the previous key (another connection's snapshot), so unwrapping
   * tries them after the current one. Never used to wrap.
   */
  private readonly previousMasterKeys: Buffer[] = [];

  private constructor(private masterKey: Buffer, private readonly stores: Pick<Stores, 'keyring'>) {}

  /**
   * Binds the barrier to a store: the first start records a check value sealed with the master
   * key; later starts must open it, or the master key is wrong and the server must not start.
   */
  static async unseal(masterKey: Buffer, stores: Pick<Stores, 'keyring'>, reader: Reader, write: <T>(job: (tx: Tx) => Promise<T>) => Promise<T>): Promise<Barrier> {
    let check = await stores.keyring.getMasterCheck(reader);
    if (!check) {
      const sealed = seal(masterKey, MASTER_CHECK_PLAINTEXT, MASTER_CHECK_AAD);
      check = await write((tx) => stores.keyring.initMasterCheck(tx, sealed, new Date().toISOString()));
    }
    try {
      if (!open(masterKey, check, MASTER_CHECK_AAD, 'master key check').equals(MASTER_CHECK_PLAINTEXT)) throw new WrongMasterKeyError();
    } catch (e) {
      if (e instanceof DecryptionError) throw new WrongMasterKeyError();
      throw e;
    }
    return new Barrier(masterKey, stores);
  }

  /** Creates the org's first data key (term 1) in the transaction that creates the org. */
  async createOrgKey(tx: Tx, orgId: string): Promise<void> {
    await this.addTerm(tx, orgId, 1);
  }

  /** Seals `value` for row (orgId, key) under the org's newest data key term. */
  async sealValue(tx: Tx, orgId: string, key: string, value: string): Promise<Buffer> {
    return (await this.sealValues(tx, orgId, [[key, value]]))[0]!;
  }

  /** Seals many values of one org with one data key lookup (bulk writes, imports). */
  async sealValues(tx: Tx, orgId: string, entries: readonly (readonly [key: string, value: string])[]): Promise<Buffer[]> {
    let latest = await this.stores.keyring.latestDataKey(tx, orgId);
    if (!latest) {
      await this.addTerm(tx, orgId, 1);
      latest = (await this.stores.keyring.latestDataKey(tx, orgId))!;
    }
    const dataKey = this.unwrap(orgId, latest.term, latest.wrapped);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(FORMAT, 0);
    header.writeUInt32BE(latest.term, 1);
    return entries.map(([key, value]) => Buffer.concat([header, seal(dataKey, Buffer.from(value, 'utf8'), valueAad(header, orgId, key))]));
  }

  /** Opens a sealed value of row (orgId, key); throws DecryptionError if it does not belong there. */
  async openValue(reader: Reader, orgId: string, key: string, sealed: Buffer): Promise<string> {
    if (sealed.length < HEADER_BYTES || sealed.readUInt8(0) !== FORMAT) throw new DecryptionError(`secret ${JSON.stringify(key)}`);
    const header = sealed.subarray(0, HEADER_BYTES);
    const term = header.readUInt32BE(1);
    const what = `secret ${JSON.stringify(key)}`;
    const cached = this.dataKeys.get(`${orgId}:${term}`);
    if (cached) {
      try {
        return open(cached.key, sealed.subarray(HEADER_BYTES), valueAad(header, orgId, key), what).toString('utf8');
      } catch (e) {
        // The cached key may be one of a rolled-back transaction (see dataKeys): ask the store.
        if (!(e instanceof DecryptionError)) throw e;
      }
    }
    const wrapped = await this.stores.keyring.dataKey(reader, orgId, term);
    if (!wrapped) throw new DecryptionError(`${what} (no data key term ${term} for its org)`);
    return open(this.unwrap(orgId, term, wrapped), sealed.subarray(HEADER_BYTES), valueAad(header, orgId, key), what).toString('utf8');
  }

  /** Adds a new data key term to every org; new writes use it, old terms stay readable. Returns how many orgs rotated. */
  async rotateDataKeys(tx: Tx, orgIds: string[]): Promise<number> {
    for (const orgId of orgIds) {
      const latest = await this.stores.keyring.latestDataKey(tx, orgId);
      await this.addTerm(tx, orgId, (latest?.term ?? 0) + 1);
    }
    return orgIds.length;
  }

  /**
   * Re-wraps every data key under `newMasterKey` and replaces the check value, in one
   * transaction. Values are not re-encrypted (their data keys do not change).
   */
  async rewrapAll(tx: Tx, newMasterKey: Buffer): Promise<number> {
    const all = await this.stores.keyring.allDataKeys(tx);
    for (const k of all) {
      const plain = this.unwrap(k.orgId, k.term, k.wrapped);
      await this.stores.keyring.rewrapDataKey(tx, k.orgId, k.term, seal(newMasterKey, plain, dataKeyAad(k.orgId, k.term)));
    }
    await this.stores.keyring.replaceMasterCheck(tx, seal(newMasterKey, MASTER_CHECK_PLAINTEXT, MASTER_CHECK_AAD));
    return all.length;
  }

  /**
   * From now on this process wraps under `key`. Call it inside the rewrap's own write job (so
   * jobs committed after it in the same transaction wrap under the new key), and again with the
   * old key if that transaction fails.
   */
  useMasterKey(key: Buffer): void {
    if (key.equals(this.masterKey)) return;
    this.previousMasterKeys.unshift(this.masterKey);
    const i = this.previousMasterKeys.findIndex((k) => k.equals(key));
    if (i >= 0) this.previousMasterKeys.splice(i, 1);
    this.masterKey = key;
  }

  /** Whether `key` is the master key this process wraps under (constant time). */
  isCurrentMasterKey(key: Buffer): boolean {
    return key.length === this.masterKey.length && timingSafeEqual(key, this.masterKey);
  }

  private async addTerm(tx: Tx, orgId: string, term: number): Promise<void> {
    await this.stores.keyring.insertDataKey(tx, orgId, term, seal(this.masterKey, newKey(), dataKeyAad(orgId, term)), new Date().toISOString());
    // Checked after the insert, in the same transaction: if another instance re-wrapped the
    // keyring under a new master key, this key would be unreadable after a restart. (A rewrap on
    // PostgreSQL locks data_keys first, so it either sees this row or this check sees its result.)
    const check = await this.stores.keyring.getMasterCheck(tx);
    if (check && !this.opensWithCurrentKey(check)) throw new MasterKeyRotatedError();
  }

  private opensWithCurrentKey(check: Buffer): boolean {
    try {
      return open(this.masterKey, check, MASTER_CHECK_AAD, 'master key check').equals(MASTER_CHECK_PLAINTEXT);
    } catch (e) {
      if (e instanceof DecryptionError) return false;
      throw e;
    }
  }

  /** The data key `wrapped` holds, from the cache when it came from these very bytes. */
  private unwrap(orgId: string, term: number, wrapped: Buffer): Buffer {
    const cacheKey = `${orgId}:${term}`;
    const cached = this.dataKeys.get(cacheKey);
    if (cached?.wrapped.equals(wrapped)) return cached.key;
    let key: Buffer | undefined;
    const aad = dataKeyAad(orgId, term);
    for (const candidate of [this.masterKey, ...this.previousMasterKeys]) {
      try {
        key = open(candidate, wrapped, aad, `data key ${orgId}/${term}`);
        break;
      } catch (e) {
        if (!(e instanceof DecryptionError)) throw e;
      }
    }
    if (!key) throw new DecryptionError(`data key ${orgId}/${term}`);
    this.dataKeys.set(cacheKey, { wrapped: Buffer.from(wrapped), key });
    return key;
  }
}
