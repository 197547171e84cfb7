import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@kemitraan/agreements';
import type { FastifyRequest } from 'fastify';
import { requestFields } from '../../logging';
import { problem, ProblemException } from '../problem';
import { RateLimits } from '../rate-limits';
import { ROUTE_PERMISSIONS, routeKey, type RouteAccess } from './route-permissions';
import { Unauthenticated, type TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor; admitted?: boolean };

const unauthenticated = (detail: string) =>
  new ProblemException(problem(401, 'unauthenticated', 'Unauthorized', detail), {
    'WWW-Authenticate': 'Bearer realm="kemitraan", error="invalid_token"',
  });

/** `reason: role`, as the domain says it when a command's roles are missing. */
const forbidden = (detail: string) =>
  new ProblemException(problem(403, 'forbidden', 'Forbidden', detail, { reason: 'role' }));

/**
 * Every route is looked up in the permission table: public ones pass; the others need a
 * verified bearer token whose roles the table lists, within the user's rate limit. A route the
 * table does not know is refused to everyone.
 */
@Injectable()
export class AuthGate {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly limits: RateLimits,
  ) {}

  /**
   * The table's rule for the request's route; only the framework's own routes have none. A HEAD
   * is the GET without its body (Fastify answers it from the GET's handler), so it has the GET's rule.
   */
  ruleFor(request: FastifyRequest): RouteAccess | undefined {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    return ROUTE_PERMISSIONS[routeKey(method, request.routeOptions.url ?? '')];
  }

  /** Admits the request (setting its actor), or throws the 401, 403 or 429 it gets. */
  async admit(request: AuthenticatedRequest, access = this.ruleFor(request)): Promise<void> {
    if (access === undefined) {
      const route = routeKey(request.method, request.routeOptions.url ?? '');
      this.logger.error(requestFields(request), `No access rule for ${route}: refused.`);
      throw forbidden('This route has no access rule.');
    }
    if (access !== 'public') {
      const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
      if (!match?.[1]) throw unauthenticated('A bearer token is required.');
      try {
        request.actor = await this.verifier.verify(match[1]);
      } catch (error) {
        if (error instanceof Unauthenticated) throw unauthenticated(error.message);
        throw error;
      }
      await this.limits.consumeUser(request.actor.sub);
      if (!access.some((role) => request.actor?.roles.includes(role))) {
        throw forbidden(`This needs the role ${access.join(' or ')}.`);
      }
    }
    request.admitted = true;
  }
}
