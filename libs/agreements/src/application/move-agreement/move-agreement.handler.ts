import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decide, type LifecycleCommand } from '../../domain';
import { AgreementStates } from '../command-handling/agreement-states';
import { stateAfter, summaryOf } from '../command-handling/summary-after';
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
    private readonly states: AgreementStates,
  ) {}

  execute({ request }: MoveAgreementCommand): Promise<CommandOutcome> {
    const { agreementId } = request.command;
    return this.handling.run(request, async (now) => {
      const { streamId, tip, state, lastAt } = await this.states.load(agreementId, request.expectedVersion);
      assertExpectedVersion(request.expectedVersion, tip);
      const command: LifecycleCommand = stamp(request, decisionTime(now, lastAt));
      const events = decide(command, state);
      const after = stateAfter(state, events, command, tip.version);
      return {
        appends: [{ streamId, expected: tip, events: toNewEvents(events, command) }],
        outcome: { created: false, agreement: summaryOf(after) },
        decided: [{ agreementId, state: after, at: command.metadata.now }],
      };
    });
  }
}
