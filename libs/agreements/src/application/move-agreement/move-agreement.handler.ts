import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { decide, type LifecycleCommand } from '../../domain';
import { loadAgreement } from '../command-handling/load-agreement';
import { summaryAfter } from '../command-handling/summary-after';
import { decisionTime } from '../command-handling/decision-time';
import { toNewEvents } from '../command-handling/stored-agreement-events';
import { CommandHandling } from '../command-handling/command-handling';
import { assertExpectedVersion } from '../command-handling/expected-version';
import type { CommandOutcome } from '../command-handling/command-request';
import { stamp } from '../command-handling/stamp';
import { MoveAgreementCommand } from './move-agreement.command';

@CommandHandler(MoveAgreementCommand)
export class MoveAgreementHandler implements ICommandHandler<MoveAgreementCommand, CommandOutcome> {
  constructor(
    private readonly handling: CommandHandling,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ request }: MoveAgreementCommand): Promise<CommandOutcome> {
    return this.handling.run(request, async (now) => {
      const { stream, state } = await loadAgreement(this.store, request.command.agreementId);
      assertExpectedVersion(request.expectedVersion, stream);
      const command: LifecycleCommand = stamp(request, decisionTime(now, stream.events));
      const events = decide(command, state);
      return {
        appends: [{ streamId: stream.streamId, expected: stream.tip, events: toNewEvents(events, command) }],
        outcome: { created: false, agreement: summaryAfter(state, events, command, stream.tip.version) },
      };
    });
  }
}
