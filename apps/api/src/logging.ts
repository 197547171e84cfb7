import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config/app-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: the caller's X-Request-Id when it is a plain token, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

type Identified = IncomingMessage & { id?: string; originalUrl?: string };

/** Structured logs (pino): the request id on every line; no header, body or token is logged. */
export function loggingOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => (req as Identified).id ?? requestIdOf(req),
      serializers: {
        req: (req: Identified) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      },
      // Middleware sees a path relative to its mount point; originalUrl is the whole one.
      autoLogging: {
        ignore: (req: IncomingMessage) => ((req as Identified).originalUrl ?? req.url ?? '').startsWith('/health'),
      },
      // A 503 is a refusal while the store is unavailable, counted by sendProblem (refusal-log):
      // its access line is a warning, without the stack pino-http would make up for it.
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
        if (res.statusCode === 503) return 'warn';
        if (error || res.statusCode >= 500) return 'error';
        return res.statusCode >= 400 ? 'warn' : 'info';
      },
      customErrorObject: (
        _req: IncomingMessage,
        res: ServerResponse,
        _error: Error,
        logged: Record<string, unknown>,
      ) => {
        if (res.statusCode !== 503) return logged;
        const { err: _stack, ...withoutStack } = logged;
        return withoutStack;
      },
    },
  };
}
