import { NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { problem, ProblemException } from './problem';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A request whose path the API serves but not with its method gets 405 and the methods it is
 * served with (RFC 9110, 15.5.6), not the 404 of a path that does not exist: a client that sends
 * DELETE or PUT to an agreement learns that the method, not the agreement, is what is missing.
 * Anything else, and any error other than the router's own not-found, is left as it was.
 */
export function methodNotAllowedOr(request: FastifyRequest, error: unknown): unknown {
  if (!request.is404 || !(error instanceof NotFoundException)) return error;
  const path = request.url.split('?', 1)[0]!;
  // A wildcard route serves any path (CORS's preflight `OPTIONS *` when origins are configured,
  // the OpenAPI page's files under /docs/*): it says nothing of this one.
  const servedHere = (method: string) => {
    const route = request.server.findRoute({ method, url: path });
    return route !== null && !('*' in route.params);
  };
  const allowed = METHODS.filter(servedHere);
  if (allowed.length === 0 || allowed.includes(request.method as (typeof METHODS)[number])) return error;
  const detail = `${path} is not served with ${request.method}; it is served with ${allowed.join(', ')}.`;
  return new ProblemException(problem(405, 'method-not-allowed', 'Method Not Allowed', detail, { methods: allowed }), {
    Allow: allowed.join(', '),
  });
}
