import { request, withQuery } from './client';
import type { Run, RunLogEvent, Task, TaskStatus } from './types';

const one = (id: string) => `/api/v2/tasks/${encodeURIComponent(id)}`;

export async function listTasks(orgID: string): Promise<Task[]> {
  const body = await request<{ tasks: Task[] }>(withQuery('/api/v2/tasks', { orgID }));
  return body?.tasks ?? [];
}

export function getTask(id: string): Promise<Task> {
  return request<Task>(one(id));
}

export function createTask(input: { orgID: string; flux: string; status?: TaskStatus; description?: string }) {
  return request<Task>('/api/v2/tasks', { method: 'POST', body: input });
}

export function updateTask(id: string, patch: { status?: TaskStatus; flux?: string; description?: string }) {
  return request<Task>(one(id), { method: 'PATCH', body: patch });
}

export function deleteTask(id: string): Promise<void> {
  return request<void>(one(id), { method: 'DELETE' });
}

export async function listRuns(taskID: string): Promise<Run[]> {
  const body = await request<{ runs: Run[] }>(`${one(taskID)}/runs`);
  return body?.runs ?? [];
}

export function runNow(taskID: string): Promise<Run> {
  return request<Run>(`${one(taskID)}/runs`, { method: 'POST', body: {} });
}

export async function runLogs(taskID: string, runID: string): Promise<RunLogEvent[]> {
  const body = await request<{ events: RunLogEvent[] }>(`${one(taskID)}/runs/${encodeURIComponent(runID)}/logs`);
  return body?.events ?? [];
}
