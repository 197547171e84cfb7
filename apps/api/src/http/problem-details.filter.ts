import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './problem-mapping';

/** Every error leaves the API as problem+json; unexpected ones are logged, never shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendProblem(reply, error, this.logger);
  }
}

export function sendProblem(reply: FastifyReply, error: unknown, logger: Pick<Logger, 'error' | 'warn'>): void {
  const { problem, headers } = toProblem(error);
  if (problem.status >= 500) {
    const logged = error instanceof Error ? (error.cause ?? error) : error;
    logger.error({ err: logged, status: problem.status }, problem.detail);
  }
  if (reply.sent) return;
  reply
    .status(problem.status)
    .headers(headers ?? {})
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problem);
}
