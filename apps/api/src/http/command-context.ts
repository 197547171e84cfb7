import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Actor } from '@kemitraan/agreements';
import type { AuthenticatedRequest } from './auth/auth.guard';
import { MAX_DEPTH, nestedDeeperThan } from './json-shape';
import { refuseIfMatchOnCreation, versionFromIfMatch } from './preconditions';
import { unexpectedFields } from './nothing-expected.pipe';
import { invalidRequest } from './problem';

/** What the HTTP request says about the command beyond its body. */
export interface CommandContextData {
  readonly actor: Actor;
  readonly commandId: string;
  readonly correlationId: string;
  readonly expectedVersion?: number;
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
}

const TOKEN = /^[\x21-\x7e]{1,200}$/;

function header(request: AuthenticatedRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  if (!TOKEN.test(text)) throw invalidRequest([{ field: name, message: 'must be 1 to 200 visible ASCII characters' }]);
  return text;
}

/**
 * Same method, path and body (in canonical JSON): the same request, for Idempotency-Key. The path
 * is taken in lower case: its one part a client may write in either case is the agreement's id (a
 * UUID; every other segment is a route's own lower-case name), so a retry through the id in
 * capitals is the same request. Paths as the server's ids are written read as they did before,
 * so keys recorded before still answer their retries.
 */
function fingerprintOf(request: AuthenticatedRequest): string {
  if (nestedDeeperThan(request.body, MAX_DEPTH)) {
    throw invalidRequest([{ field: '', message: `is nested more than ${MAX_DEPTH} levels deep` }]);
  }
  const path = request.url.split('?')[0]!.toLowerCase();
  const canonical = canonicalize({ method: request.method, path, body: request.body ?? {} }) ?? '';
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * A command is its body and its headers: a query string would be ignored, so it is refused.
 * `creates`: the request makes what it names (a proposal, a unit), so If-Match cannot hold.
 */
export function commandContextOf(request: AuthenticatedRequest, creates = false): CommandContextData {
  if (!request.actor) throw new Error('A command context was asked for on a public route.');
  const unexpected = unexpectedFields(request.query);
  if (unexpected.length > 0) throw invalidRequest(unexpected);
  const commandId = randomUUID();
  const key = header(request, 'idempotency-key');
  if (creates) refuseIfMatchOnCreation(request.headers['if-match']);
  const expectedVersion = versionFromIfMatch(request.headers['if-match']);
  return {
    actor: request.actor,
    commandId,
    correlationId: header(request, 'x-correlation-id') ?? commandId,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    ...(key ? { idempotency: { key, fingerprint: fingerprintOf(request) } } : {}),
  };
}

/** `@CommandContext('creation')` on a request that creates what it names. */
export const CommandContext = createParamDecorator(
  (kind: 'creation' | undefined, context: ExecutionContext): CommandContextData =>
    commandContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>(), kind === 'creation'),
);
