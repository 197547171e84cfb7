import type { Actor } from '@kemitraan/agreements/domain';
import { tokenFor } from '@kemitraan/testing/http/tokens';

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** A plain HTTP client (fetch) for a server running in another process. */
export function clientFor(baseUrl: string, secret?: string) {
  const call = async (
    actor: Actor,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const token = await tokenFor(actor, secret ? { secret } : {});
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };
  return {
    get: (actor: Actor, path: string) => call(actor, 'GET', path),
    post: (actor: Actor, path: string, body: unknown = {}, headers?: Record<string, string>) =>
      call(actor, 'POST', path, body, headers),
  };
}
