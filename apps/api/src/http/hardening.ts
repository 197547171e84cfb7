import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { ProblemException } from './problem';
import { RateLimits } from './rate-limits';

/**
 * What every response gets before any route runs: security headers (helmet), CORS closed
 * unless origins are configured, and the per-address rate limit, which also meters requests
 * that never show a valid token.
 */
export async function harden(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...config.corsOrigins], methods: ['GET', 'POST'], maxAge: 600 });
  }
  const limits = app.get(RateLimits);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
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
}
