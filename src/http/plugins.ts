/**
 * Route plugins of the domains built on the foundation (query, tasks, scripts). Each registers
 * its routes on the app with the services; order does not matter.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { keyringRoutes } from './routes/keyring.js';
import { queryRoutes } from './routes/query.js';
import { scriptRoutes } from './routes/scripts.js';
import { taskRoutes } from './routes/tasks.js';

export const httpPlugins: ((app: FastifyInstance, s: Services) => Promise<void>)[] = [queryRoutes, keyringRoutes, taskRoutes, scriptRoutes];
