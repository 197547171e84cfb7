import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@kemitraan/agreements';
import type { FastifyRequest } from 'fastify';
import { problem, ProblemException } from '../problem';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './access.decorators';
import { Unauthenticated, type TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

const unauthenticated = (detail: string) =>
  new ProblemException(problem(401, 'unauthenticated', 'Unauthorized', detail), {
    'WWW-Authenticate': 'Bearer realm="kemitraan", error="invalid_token"',
  });

/** Every route but the public ones needs a verified bearer token; the actor rides on the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw unauthenticated('A bearer token is required.');
    try {
      request.actor = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof Unauthenticated) throw unauthenticated(error.message);
      throw error;
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => request.actor?.roles.includes(role))) {
      throw new ProblemException(
        problem(403, 'forbidden', 'Forbidden', `This needs the role ${required.join(' or ')}.`),
      );
    }
    return true;
  }
}
