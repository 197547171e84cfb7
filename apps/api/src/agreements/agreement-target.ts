import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthenticatedRequest } from '../http/auth/auth.guard';
import { commandContextOf, type CommandContextData } from '../http/command-context';
import { AgreementIdPipe } from './agreement-id.pipe';

/** A command on an existing agreement: its id (checked), what the request says, and the reply for headers. */
export interface AgreementTarget extends CommandContextData {
  readonly agreementId: string;
  readonly reply: FastifyReply;
}

const ids = new AgreementIdPipe();

export const OnAgreement = createParamDecorator((_: unknown, context: ExecutionContext): AgreementTarget => {
  const http = context.switchToHttp();
  const request = http.getRequest<AuthenticatedRequest & { params: { id: string } }>();
  return {
    ...commandContextOf(request),
    agreementId: ids.transform(request.params.id),
    reply: http.getResponse<FastifyReply>(),
  };
});
