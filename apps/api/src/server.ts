import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { closeConnectionsWhenDraining } from './http/drain';
import { harden } from './http/hardening';
import { readJsonBodies } from './http/json-body';
import { parseQuery } from './http/query-string';
import { sendProblem } from './http/problem-details.filter';
import { createLogging, requestIdOf } from './logging';
import { serveOpenApi } from './openapi/serve-openapi';

export const BODY_LIMIT = 256 * 1024;

/** Builds the application (not yet listening): used by main.ts and by the end-to-end tests. */
export async function createServer(config: AppConfig): Promise<NestFastifyApplication> {
  const logging = createLogging(config);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    genReqId: requestIdOf,
    // The router's own refusals (a broken percent-encoding, a path parameter too long) come
    // before any route, so Nest's filter never sees them: they get problem+json here.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, error, new NestLogger('Problem')),
    return503OnClosing: false, // see closeConnectionsWhenDraining
    trustProxy: config.trustProxy,
    routerOptions: { querystringParser: parseQuery },
  });
  // Given from the start rather than buffered until the module is up: a start that fails (the
  // embedded PostgreSQL in use by another server) flushed its buffer as Nest's coloured text.
  const logger = new Logger(new PinoLogger(logging.nest), logging.nest);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logging.nest), adapter, {
    logger,
    bodyParser: false,
    // The failure then reaches main.ts, which ends the process, instead of Nest aborting it.
    abortOnError: false,
  });
  readJsonBodies(app.getHttpAdapter().getInstance());
  // The first of the API's hooks, so that a request refused by a later one has its access line too.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      request.raw.id = request.id;
      logging.logRequest(request.raw, reply.raw);
      done();
    });
  closeConnectionsWhenDraining(app.getHttpAdapter().getInstance());
  await harden(app, config);
  serveOpenApi(app);
  return app;
}
