import { Command } from '@nestjs/cqrs';
import type { LifecycleCommand } from '../../domain';
import type { CommandOutcome, CommandRequest } from '../command-handling/command-request';

/** Moves an existing agreement along its lifecycle (every command but proposal and renewal). */
export class MoveAgreementCommand extends Command<CommandOutcome> {
  constructor(readonly request: CommandRequest<Exclude<LifecycleCommand, { type: 'renewal' }>>) {
    super();
  }
}
