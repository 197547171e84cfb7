import type { AgreementSummary, CommandOutcome } from '@kemitraan/agreements';
import type { FastifyReply } from 'fastify';
import { etagOf } from '../http/preconditions';

/** Sets ETag and, for a new agreement, Location; the body is the agreement's summary. */
export function answer(reply: FastifyReply, outcome: CommandOutcome): AgreementSummary {
  const { agreement, created } = outcome;
  reply.header('ETag', etagOf(agreement.version));
  if (created) reply.header('Location', `/api/agreements/${agreement.id}`);
  return agreement;
}

/** A validated body as plain data: optional fields given as null are left out. */
export function plain<T extends object>(dto: T): T {
  return JSON.parse(JSON.stringify(dto, (_key, value: unknown) => (value === null ? undefined : value))) as T;
}
