/**
 * `strongroom task list|create|run|runs|logs|activate|deactivate|delete`, as `influx task`:
 * tables by default, JSON with --json. Global flags as the other client commands (--host,
 * --token, --org, --org-id and their STRONGROOM_* variables).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type GlobalFlags, clientOf, orgQuery, run, withGlobals } from '../globals.js';
import { printJson, printTable } from '../output.js';
import { readStdin } from '../prompt.js';

type Flags = GlobalFlags;
interface TaskView { id: string; name: string; orgID: string; status: string; every?: string; cron?: string; offset?: string; latestCompleted?: string; lastRunStatus?: string; nextRunAt?: string; warnings?: string[] }
interface RunView { id: string; taskID: string; status: string; scheduledFor: string; startedAt?: string; finishedAt?: string; requestedAt?: string }
interface LogView { runID: string; time: string; message: string }





const schedule = (t: TaskView) => t.every ? `every ${t.every}` : t.cron ? `cron ${t.cron}` : '';
/** A list prints as a JSON array; one task (create, activate, deactivate) as an object. */
function printTasks(f: Flags, tasks: TaskView[] | TaskView): void {
  if (f.json) return printJson(tasks);
  if (!Array.isArray(tasks)) tasks = [tasks];
  printTable(['ID', 'Name', 'Organization ID', 'Status', 'Schedule', 'Offset', 'Last completed', 'Last run', 'Next run'],
    tasks.map((t) => [t.id, t.name, t.orgID, t.status, schedule(t), t.offset, t.latestCompleted, t.lastRunStatus, t.nextRunAt]));
}
function printRuns(f: Flags, runs: RunView[] | RunView): void {
  if (f.json) return printJson(runs);
  if (!Array.isArray(runs)) runs = [runs];
  printTable(['ID', 'Task ID', 'Status', 'Scheduled for', 'Started', 'Finished', 'Requested'], runs.map((r) => [r.id, r.taskID, r.status, r.scheduledFor, r.startedAt, r.finishedAt, r.requestedAt]));
}
function warn(headers: Headers): void {
  const w = headers.get('x-strongroom-warning');
  if (w) process.stderr.write(`Warning: ${w}\n`);
}

async function readFlux(f: { file?: string; flux?: string }): Promise<string> {
  if (f.file) return readFileSync(f.file, 'utf8');
  if (f.flux) return f.flux;
  if (!process.stdin.isTTY) return readStdin();
  throw new Error('give the task script with --file, as an argument, or on stdin');
}

export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('task management commands (scheduled Flux scripts)');

  withGlobals(task.command('list').alias('ls').description('list tasks')).option('-n, --name <name>', 'only tasks with this name')
    .option('--status <status>', 'active or inactive').option('--limit <n>', 'most tasks to list (1-500)')
    .action(run(async (f: Flags & { name?: string; status?: string; limit?: string }) => {
      const q = new URLSearchParams({ ...orgQuery(f), ...(f.name ? { name: f.name } : {}), ...(f.status ? { status: f.status } : {}), ...(f.limit ? { limit: f.limit } : {}) });
      const { tasks } = await clientOf(f).json<{ tasks: TaskView[] }>('GET', `/api/v2/tasks?${q}`);
      printTasks(f, tasks);
    }));

  withGlobals(task.command('create').description('create a task from a Flux script with option task = {name, every | cron}')).argument('[flux]', 'the script (or --file, or stdin)')
    .option('-f, --file <file>', 'file holding the script').option('-d, --description <text>', 'description').option('--inactive', 'create it inactive')
    .action(run(async (flux: string | undefined, f: Flags & { file?: string; description?: string; inactive?: boolean }) => {
      const org = orgQuery(f);
      if (!org.orgID && !org.org) throw new Error('must specify org ID or org name');
      const body = { ...org, flux: await readFlux({ ...f, ...(flux ? { flux } : {}) }), ...(f.description ? { description: f.description } : {}), ...(f.inactive ? { status: 'inactive' } : {}) };
      const res = await clientOf(f).request('POST', '/api/v2/tasks', body);
      warn(res.headers);
      printTasks(f, JSON.parse(res.text) as TaskView);
    }));

  withGlobals(task.command('run').description('run a task now')).requiredOption('-i, --id <id>', 'task ID').option('--scheduled-for <time>', 'the run\'s now() (RFC 3339)')
    .action(run(async (f: Flags & { id: string; scheduledFor?: string }) => {
      const r = await clientOf(f).json<RunView>('POST', `/api/v2/tasks/${encodeURIComponent(f.id)}/runs`, f.scheduledFor ? { scheduledFor: f.scheduledFor } : {});
      printRuns(f, r);
    }));

  withGlobals(task.command('runs').description('list the runs of a task, newest first')).requiredOption('-i, --id <id>', 'task ID').option('--limit <n>', 'most runs to list (1-500)')
    .action(run(async (f: Flags & { id: string; limit?: string }) => {
      const { runs } = await clientOf(f).json<{ runs: RunView[] }>('GET', `/api/v2/tasks/${encodeURIComponent(f.id)}/runs${f.limit ? `?limit=${encodeURIComponent(f.limit)}` : ''}`);
      printRuns(f, runs);
    }));

  withGlobals(task.command('logs').description('log events of a task, or of one of its runs')).requiredOption('-i, --id <id>', 'task ID').option('-r, --run-id <id>', 'one run only')
    .action(run(async (f: Flags & { id: string; runId?: string }) => {
      const path = `/api/v2/tasks/${encodeURIComponent(f.id)}${f.runId ? `/runs/${encodeURIComponent(f.runId)}` : ''}/logs`;
      const { events } = await clientOf(f).json<{ events: LogView[] }>('GET', path);
      if (f.json) printJson(events); else printTable(['Run ID', 'Time', 'Message'], events.map((e) => [e.runID, e.time, e.message]));
    }));

  for (const [name, status] of [['activate', 'active'], ['deactivate', 'inactive']] as const) {
    withGlobals(task.command(name).description(`mark a task ${status}`)).requiredOption('-i, --id <id>', 'task ID')
      .action(run(async (f: Flags & { id: string }) => {
        const res = await clientOf(f).request('PATCH', `/api/v2/tasks/${encodeURIComponent(f.id)}`, { status });
        warn(res.headers);
        printTasks(f, JSON.parse(res.text) as TaskView);
      }));
  }

  withGlobals(task.command('delete').description('delete a task with its runs and logs')).requiredOption('-i, --id <id>', 'task ID')
    .action(run(async (f: Flags & { id: string }) => {
      await clientOf(f).request('DELETE', `/api/v2/tasks/${encodeURIComponent(f.id)}`);
      if (f.json) printJson({ id: f.id, deleted: true }); else printTable(['ID', 'Deleted'], [[f.id, true]]);
    }));
}
