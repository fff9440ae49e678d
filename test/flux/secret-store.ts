/**
 * A SecretReader backed by a plain Map: a real (in-memory) implementation of the interface the
 * runtime depends on, with the server's error forms for missing and forbidden keys.
 */
import { StrongroomError } from '../../src/errors.js';
import type { SecretReader } from '../../src/flux/runtime.js';

export class MapSecretReader implements SecretReader {
  readonly reads: string[] = [];
  constructor(
    private readonly values: Map<string, string>,
    private readonly forbidden: ReadonlySet<string> = new Set(),
    private readonly orgId = '0000000000000001',
  ) {}

  async get(key: string): Promise<string> {
    this.reads.push(key);
    if (this.forbidden.has(key)) throw new StrongroomError('unauthorized', `read:orgs/${this.orgId}/secrets is unauthorized`);
    const v = this.values.get(key);
    if (v === undefined) throw new StrongroomError('not found', 'secret not found');
    return v;
  }
}
