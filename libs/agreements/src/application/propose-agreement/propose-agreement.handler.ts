import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EMPTY_STREAM } from '@kemitraan/event-store';
import { decide, type ProposeAgreement } from '../../domain';
import { AgreementStates } from '../command-handling/agreement-states';
import { stateAfter, summaryOf } from '../command-handling/summary-after';
import { decisionTime } from '../command-handling/decision-time';
import { toNewEvents } from '../command-handling/stored-agreement-events';
import { CommandHandling } from '../command-handling/command-handling';
import type { CommandOutcome } from '../command-handling/command-request';
import { UNIT_DIRECTORY, type UnitDirectory } from '../ports/unit-directory.port';
import { ProposeAgreementCommand } from './propose-agreement.command';

@CommandHandler(ProposeAgreementCommand)
export class ProposeAgreementHandler implements ICommandHandler<ProposeAgreementCommand, CommandOutcome> {
  constructor(
    private readonly handling: CommandHandling,
    private readonly states: AgreementStates,
    @Inject(UNIT_DIRECTORY) private readonly units: UnitDirectory,
  ) {}

  async execute({ request }: ProposeAgreementCommand): Promise<CommandOutcome> {
    const units = await this.units.resolve(request.command.data.units);
    const { agreementId } = request.command;
    return this.handling.run(request, async (now) => {
      const { streamId, state, lastAt } = await this.states.load(agreementId);
      const { data, metadata } = request.command;
      const command: ProposeAgreement = {
        ...request.command,
        data: { ...data, units },
        metadata: { ...metadata, now: decisionTime(now, lastAt) },
      };
      const events = decide(command, state);
      const after = stateAfter(state, events, command, 0);
      return {
        appends: [{ streamId, expected: EMPTY_STREAM, events: toNewEvents(events, command) }],
        outcome: { created: true, agreement: summaryOf(after) },
        decided: [{ agreementId, state: after, at: command.metadata.now }],
      };
    });
  }
}
