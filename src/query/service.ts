/**
 * Runs Flux scripts for an org on behalf of a principal: the bridge between the runtime
 * (src/flux) and the secrets service. `secrets.get` reads through SecretService.reveal, so it
 * needs read permission on the org's secrets and each key read is audited (once per run).
 */
import type { Principal, RequestMeta } from '../auth/principal.js';
import { StrongroomError } from '../errors.js';
import { type FluxRunOutcome, runFlux } from '../flux/runtime.js';
import type { SecretService } from '../secrets/service.js';

export interface QueryConfig {
  timeoutMs: number;
  /** Most scripts running at once in this process; more are refused with 429. */
  concurrency: number;
  sqliteDir: string;
}

export interface RunRequest {
  orgId: string;
  source: string;
  now?: Date;
  params?: Record<string, unknown>;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  /** Called with each key the first time the run reads it (tasks record run-time usage). */
  onSecretRead?: (key: string) => void;
  /** Overrides the configured timeout (tasks have their own). */
  timeoutMs?: number;
}

export class QueryService {
  private running = 0;

  constructor(private readonly secrets: SecretService, private readonly config: QueryConfig) {}

  async run(p: Principal, meta: RequestMeta, req: RunRequest): Promise<FluxRunOutcome> {
    if (this.running >= this.config.concurrency) {
      throw new StrongroomError('too many requests', `too many scripts running (limit ${this.config.concurrency}); try again shortly`, { headers: { 'Retry-After': '1' } });
    }
    this.running++;
    try {
      const readsThisRun = new Map<string, Promise<string>>();
      return await runFlux(req.source, {
        secrets: {
          get: (key) => {
            let value = readsThisRun.get(key);
            if (!value) {
              value = this.secrets.reveal(p, meta, req.orgId, key);
              readsThisRun.set(key, value);
              value.then(() => req.onSecretRead?.(key), () => {});
            }
            return value;
          },
        },
        sqliteDir: this.config.sqliteDir,
        timeoutMs: req.timeoutMs ?? this.config.timeoutMs,
        ...(req.now ? { now: req.now } : {}),
        ...(req.params ? { params: req.params } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.onLog ? { onLog: req.onLog } : {}),
      });
    } finally {
      this.running--;
    }
  }
}
