import type { AgreementCommand } from '../../domain';
import type { CommandRequest } from './command-request';

/** The command of a request, stamped with the instant it is decided at. */
export function stamp<C extends AgreementCommand>(request: CommandRequest<C>, now: string): C {
  return { ...request.command, metadata: { ...request.command.metadata, now } } as unknown as C;
}
