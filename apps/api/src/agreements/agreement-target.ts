import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
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

/** The `{id}` of the route, declared in the OpenAPI document, which cannot see inside this decorator. */
const documentedId: ParameterDecorator = (target, method) => {
  if (method === undefined) return;
  const operation = Object.getOwnPropertyDescriptor(target, method)!;
  ApiParam({ name: 'id', type: String, description: "The agreement's id." })(target, method, operation);
};

export const OnAgreement = createParamDecorator(
  (_: unknown, context: ExecutionContext): AgreementTarget => {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest & { params: { id: string } }>();
    return {
      ...commandContextOf(request),
      agreementId: ids.transform(request.params.id),
      reply: http.getResponse<FastifyReply>(),
    };
  },
  [documentedId],
);
