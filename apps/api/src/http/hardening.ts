import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { admitBeforeParsing } from './auth/admit-before-parsing';
import { ProblemException } from './problem';
import { RateLimits } from './rate-limits';

/**
 * What every response gets before any route runs: security headers (helmet), CORS closed
 * unless origins are configured, the per-address rate limit, which also meters requests that
 * never show a valid token, and then authentication, before the body is read.
 */
export async function harden(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  // Built once: @fastify/helmet built helmet's middleware (parsing the policy) for every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Served over plain HTTP (the compose file's port 3000 on a server's name), the OpenAPI
        // page's own scripts and styles would be asked for over HTTPS and never load. TLS, where
        // there is any, is the proxy's to require (Strict-Transport-Security stays).
        upgradeInsecureRequests: null,
      },
    },
  });
  const server = app.getHttpAdapter().getInstance();
  server.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...config.corsOrigins], methods: ['GET', 'POST'], maxAge: 600 });
  }
  const limits = app.get(RateLimits);
  server.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/health')) return;
    try {
      await limits.consumeAddress(request.ip);
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return reply
        .code(error.problem.status)
        .headers(error.headers)
        .type('application/problem+json')
        .send(error.problem);
    }
  });
  admitBeforeParsing(app);
}
