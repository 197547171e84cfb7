import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@kemitraan/event-store';
import { decide, type LifecycleCommand } from '../../domain';
import { loadAgreement, summaryAfter } from '../command-handling/agreement-history';
import { decisionTime, toNewEvents } from '../command-handling/agreement-stream';
import { CommandHandling } from '../command-handling/command-handling';
import { assertExpectedVersion } from '../command-handling/expected-version';
import type { CommandOutcome } from '../command-handling/command-request';
import { stamp } from '../command-handling/stamp';
import { RunLifecycleCommand } from './run-lifecycle-command';

@CommandHandler(RunLifecycleCommand)
export class RunLifecycleCommandHandler implements ICommandHandler<RunLifecycleCommand, CommandOutcome> {
  constructor(
    private readonly handling: CommandHandling,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute({ request }: RunLifecycleCommand): Promise<CommandOutcome> {
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
