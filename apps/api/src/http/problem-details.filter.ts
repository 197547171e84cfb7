import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { requestFields } from '../logging';
import { methodNotAllowedOr } from './method-not-allowed';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './problem-mapping';
import { RefusalLog } from './refusal-log';

/** Every error leaves the API as problem+json; unexpected ones are logged, never shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendProblem(reply, error, this.logger);
  }
}

/** This process's refusals with 503, whichever path refused, counted in one log. */
const REFUSALS = new RefusalLog((refused, newestCause) =>
  new Logger('Problem').warn(
    { status: 503, refused, newestCause },
    `${refused} request(s) refused with 503: the store is unavailable or too busy`,
  ),
);

export function sendProblem(reply: FastifyReply, error: unknown, logger: Pick<Logger, 'error'>): void {
  const { method } = reply.request;
  const { problem, headers } = toProblem(methodNotAllowedOr(reply.request, error), {
    read: method === 'GET' || method === 'HEAD',
  });
  const logged = error instanceof Error ? (error.cause ?? error) : error;
  if (problem.status === 503) {
    // Expected while the store is down, and many at once: counted, without a stack each.
    REFUSALS.count(logged instanceof Error ? logged.message : String(logged));
  } else if (problem.status >= 500) {
    logger.error({ ...requestFields(reply.request), err: logged, status: problem.status }, problem.detail);
  }
  if (reply.sent) return;
  reply
    .status(problem.status)
    .headers(headers ?? {})
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem);
}
