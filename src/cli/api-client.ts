/** A small client of the Strongroom (InfluxDB v2) HTTP API for the CLI. */
export interface ClientOptions { host: string; token?: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error' };

export class ApiClient {
  constructor(private readonly opts: ClientOptions) {}

  async request(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.opts.token) headers.Authorization = `Token ${this.opts.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(new URL(path, this.opts.host), { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    } catch (e) {
      throw new ApiError(0, 'unavailable', `cannot reach ${this.opts.host}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
    }
    const text = await res.text();
    if (res.status >= 400) {
      let code = 'error';
      let message = text;
      try {
        const parsed = JSON.parse(text) as { code?: string; message?: string };
        code = parsed.code ?? code;
        message = parsed.message ?? message;
      } catch { /* not JSON */ }
      throw new ApiError(res.status, code, `${res.status} ${STATUS_TEXT[res.status] ?? ''}: ${message}`.replace('  ', ' '));
    }
    return { status: res.status, headers: res.headers, text };
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { text } = await this.request(method, path, body);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
