import { request, send } from './client';
import type { Authorization, Me, Org } from './types';

/** base64 of UTF-8 bytes (btoa alone only takes Latin-1). */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export async function getSetupAllowed(): Promise<boolean> {
  const body = await request<{ allowed: boolean }>('/api/v2/setup', { quiet401: true });
  return Boolean(body?.allowed);
}

export function runSetup(input: { username: string; password: string; org: string }) {
  return request<{ user: Me; org: Org; auth: Authorization }>('/api/v2/setup', {
    method: 'POST',
    body: input,
    quiet401: true,
  });
}

export async function signIn(username: string, password: string): Promise<void> {
  await send('/api/v2/signin', {
    method: 'POST',
    headers: { Authorization: `Basic ${base64Utf8(`${username}:${password}`)}` },
    quiet401: true,
  });
}

export async function signOut(): Promise<void> {
  await send('/api/v2/signout', { method: 'POST', quiet401: true });
}

export function getMe(): Promise<Me> {
  return request<Me>('/api/v2/me', { quiet401: true });
}
