import { Command } from '@nestjs/cqrs';
import type { RenewAgreement } from '../../domain';
import type { CommandOutcome, CommandRequest } from '../command-handling/command-request';

/** Closes a reviewed agreement and proposes its successor; answers with the successor. */
export class RenewAgreementCommand extends Command<CommandOutcome> {
  constructor(readonly request: CommandRequest<RenewAgreement>) {
    super();
  }
}
