/**
 * A server for benchmarks, in its own process so the load generator does not share its event
 * loop. Configured by one JSON argument:
 *   {"mode":"strongroom", "storage":"sqlite"|"postgres", "dataDir", "postgresUrl"?, "groupCommit"?: false}
 *   {"mode":"bare", "bodyFile"}  a bare Fastify route serving the bytes of bodyFile, on the same
 *                                 path pattern as the secrets list (/api/v2/orgs/:orgID/secrets)
 * Prints `listening <url>` when ready; exits on SIGTERM. The master key comes from
 * STRONGROOM_MASTER_KEY, so a seeded store can be reopened.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { loadServerConfig } from '../src/config.js';
import { startServer } from '../src/cli/commands/server.js';
import type { WriteJob } from '../src/storage/group-commit.js';

interface ChildConfig {
  mode: 'strongroom' | 'bare';
  storage?: 'sqlite' | 'postgres';
  dataDir?: string;
  postgresUrl?: string;
  /** false: every write commits alone (the one-commit-per-write baseline). */
  groupCommit?: boolean;
  bodyFile?: string;
}

const cfg = JSON.parse(process.argv[2]!) as ChildConfig;
let close: () => Promise<void>;

if (cfg.mode === 'bare') {
  const body = readFileSync(cfg.bodyFile!);
  const app = Fastify({ logger: false });
  // The same route as ours (a path parameter costs the router more than a static path).
  app.get('/api/v2/orgs/:orgID/secrets', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  close = () => app.close();
  process.stdout.write(`listening ${address}\n`);
} else {
  const config = loadServerConfig({
    httpBindAddress: '127.0.0.1:0', dataDir: cfg.dataDir!, logLevel: 'silent', storage: cfg.storage ?? 'sqlite',
    ...(cfg.postgresUrl ? { postgresUrl: cfg.postgresUrl } : {}),
    // Benchmarks write far more than a real instance; keep the default query limits.
  }, process.env);
  const { services, app, address } = await startServer(config, () => {});
  if (cfg.groupCommit === false) {
    // Same storage, same code path, but a batch of one: a write is handed to the committer only
    // when the previous one has committed, so each is its own transaction and fsync.
    const committer = services.deps.storage.writes;
    let previous: Promise<unknown> = Promise.resolve();
    const oneAtATime = {
      write<T>(job: WriteJob<T>): Promise<T> {
        const next = previous.then(() => committer.write(job));
        previous = next.catch(() => {});
        return next;
      },
      close: () => committer.close(),
    };
    (services.deps.storage as { writes: unknown }).writes = oneAtATime;
  }
  close = async () => { await app.close(); await services.close(); };
  process.stdout.write(`listening ${address}\n`);
}

process.on('SIGTERM', () => void close().then(() => process.exit(0), () => process.exit(1)));
