/** Services on a real SQLite store with a controllable clock, for scheduler tests without HTTP. */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type Services, createServices } from '../../src/app.js';
import type { Principal } from '../../src/auth/principal.js';
import { loadServerConfig } from '../../src/config.js';
import type { TaskRuntimeConfig } from '../../src/tasks/config.js';
import { tempDir } from '../helpers/server.js';

export interface ClockedServices { services: Services; clock: { now: Date }; principal: Principal; orgId: string; close(): Promise<void> }

export async function clockedServices(start: string, tasks: Partial<TaskRuntimeConfig> = {}): Promise<ClockedServices> {
  const dataDir = tempDir();
  const config = loadServerConfig({ httpBindAddress: '127.0.0.1:0', dataDir, logLevel: 'silent', storage: 'sqlite' }, { STRONGROOM_MASTER_KEY: randomBytes(32).toString('base64') });
  const clock = { now: new Date(start) };
  const services = await createServices(config, { clock: () => clock.now, tasks: { instanceId: 'test-instance', ...tasks } });
  const setup = await services.setup.setup({ username: 'ada', password: 'correct horse battery', org: 'acme' });
  const principal = await services.authenticator.fromToken(setup.token);
  return {
    services, clock, principal, orgId: setup.org.id,
    async close() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs scheduler passes until nothing more is claimed and every run here has finished. */
export async function settle(s: Services): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await s.scheduler.tick();
    await s.scheduler.idle();
    if (s.scheduler.runningCount === 0) {
      await s.scheduler.tick();
      if (s.scheduler.runningCount === 0) return;
    }
  }
}
