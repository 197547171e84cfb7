import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sendProblem } from '../problem-details.filter';
import { AuthGate } from './auth-gate';

/**
 * Runs the auth gate as a Fastify `onRequest` hook, before the body is read: a request without a
 * valid token gets 401, and one without the role 403, whatever its body (malformed, oversized),
 * and an unauthenticated client cannot make the server parse a body at all. Routes the table
 * does not know (unknown paths, the OpenAPI page) are left to the router and to the guard.
 */
export function admitBeforeParsing(app: NestFastifyApplication): void {
  const gate = app.get(AuthGate);
  const logger = new Logger('Auth');
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      const access = request.is404 ? undefined : gate.ruleFor(request);
      if (access === undefined) return;
      try {
        await gate.admit(request, access);
      } catch (error) {
        sendProblem(reply, error, logger);
        return reply;
      }
    });
}
