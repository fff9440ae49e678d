#!/usr/bin/env node
/** The `strongroom` command: the server and an influx-style client of its API. */
import { Command } from 'commander';
import { registerBackupCommands } from './commands/backup.js';
import { registerClientCommands } from './commands/client.js';
import { registerKeyCommands } from './commands/key.js';
import { registerQueryCommand } from './commands/query.js';
import { registerServerCommand } from './commands/server.js';
import { registerTaskCommands } from './commands/tasks.js';

const program = new Command('strongroom')
  .description('Strongroom: a write-only secrets store for data scripts, with an InfluxDB v2 compatible API')
  .version('0.1.0');
registerServerCommand(program);
registerClientCommands(program);
registerQueryCommand(program);
registerKeyCommands(program);
registerBackupCommands(program);
registerTaskCommands(program);

await program.parseAsync(process.argv);
