import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EMPTY_STREAM, EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { decideRenewal, initialState, type RenewAgreement } from '../../domain';
import { loadAgreement } from '../command-handling/load-agreement';
import { summaryAfter } from '../command-handling/summary-after';
import { decisionTime } from '../command-handling/decision-time';
import { agreementStream, toNewEvents } from '../command-handling/stored-agreement-events';
import { CommandHandling } from '../command-handling/command-handling';
import { assertExpectedVersion } from '../command-handling/expected-version';
import type { CommandOutcome } from '../command-handling/command-request';
import { stamp } from '../command-handling/stamp';
import { RenewAgreementCommand } from './renew-agreement.command';

@CommandHandler(RenewAgreementCommand)
export class RenewAgreementHandler implements ICommandHandler<RenewAgreementCommand, CommandOutcome> {
  constructor(
    private readonly handling: CommandHandling,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ request }: RenewAgreementCommand): Promise<CommandOutcome> {
    return this.handling.run(request, async (now) => {
      const { stream, state } = await loadAgreement(this.store, request.command.agreementId);
      assertExpectedVersion(request.expectedVersion, stream);
      const command: RenewAgreement = stamp(request, decisionTime(now, stream.events));
      const { renewed, successor } = decideRenewal(command, state);
      const successorId = command.data.successorId;
      return {
        appends: [
          { streamId: stream.streamId, expected: stream.tip, events: toNewEvents(renewed, command) },
          { streamId: agreementStream(successorId), expected: EMPTY_STREAM, events: toNewEvents([successor], command) },
        ],
        outcome: { created: true, agreement: summaryAfter(initialState(), [successor], command, 0) },
      };
    });
  }
}
