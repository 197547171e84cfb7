import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { AppConfig } from './config/app-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: the caller's X-Request-Id when it is a plain token, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** What names a request on every line about it: the access line and the lines logged while it runs. */
export interface RequestFields {
  readonly id: string;
  readonly method: string;
  readonly url: string;
}

/** pino-http's request as its serializer gets it (pino-std-serializers' copy of it). */
type SerializedRequest = { readonly id?: unknown; readonly method?: string; readonly url?: string };

/** The `req` of a line logged while a request runs, the same as on its access line. */
export const requestFields = (request: FastifyRequest): { req: RequestFields } => ({
  req: { id: request.id, method: request.method, url: request.url },
});

export interface Logging {
  /** For nestjs-pino: the Nest logger writes through the same pino logger, with no middleware. */
  readonly nest: Params;
  /** Gives a request (Node's own objects) its access line, written when its answer ends. */
  readonly logRequest: HttpLogger<IncomingMessage, ServerResponse>;
}

/**
 * Structured logs (pino): no header, body or token is logged.
 *
 * The request id reaches each line about one request explicitly: the access line from pino-http,
 * started in a Fastify hook (server.ts), and the lines logged while a request runs from
 * `requestFields`. (The 503 refusals' summary, refusal-log.ts, counts many requests and names
 * none.) nestjs-pino's own middleware would instead run every request inside
 * `AsyncLocalStorage.run`, which on Node 20 turns on promise hooks for every promise: by turns, the
 * API served 1.12 times the commands without it (docs/PERFORMANCE.md). So LoggerModule is given no
 * route to apply it to.
 */
export function createLogging(config: AppConfig): Logging {
  const root = pino({ level: config.logLevel });
  const logRequest = pinoHttp({
    logger: root,
    serializers: {
      req: (req: SerializedRequest) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
    // A 503 is a refusal while the store is unavailable, counted by sendProblem (refusal-log):
    // its access line is a warning, without the stack pino-http would make up for it.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
      if (res.statusCode === 503) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customErrorObject: (_req: IncomingMessage, res: ServerResponse, _error: Error, logged: Record<string, unknown>) => {
      if (res.statusCode !== 503) return logged;
      const { err: _stack, ...withoutStack } = logged;
      return withoutStack;
    },
  });
  return { nest: { pinoHttp: { logger: root }, forRoutes: [] }, logRequest };
}
