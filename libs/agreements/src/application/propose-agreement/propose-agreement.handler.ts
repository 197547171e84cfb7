import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EMPTY_STREAM, EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { decide, type ProposeAgreement } from '../../domain';
import { loadAgreement } from '../command-handling/load-agreement';
import { summaryAfter } from '../command-handling/summary-after';
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
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(UNIT_DIRECTORY) private readonly units: UnitDirectory,
  ) {}

  async execute({ request }: ProposeAgreementCommand): Promise<CommandOutcome> {
    const units = await this.units.resolve(request.command.data.units);
    return this.handling.run(request, async (now) => {
      const { stream, state } = await loadAgreement(this.store, request.command.agreementId);
      const { data, metadata } = request.command;
      const command: ProposeAgreement = {
        ...request.command,
        data: { ...data, units },
        metadata: { ...metadata, now: decisionTime(now, stream.events) },
      };
      const events = decide(command, state);
      return {
        appends: [{ streamId: stream.streamId, expected: EMPTY_STREAM, events: toNewEvents(events, command) }],
        outcome: { created: true, agreement: summaryAfter(state, events, command, 0) },
      };
    });
  }
}
