import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EMPTY_STREAM } from '@kemitraan/event-store';
import { decideRenewal, initialState, type RenewAgreement } from '../../domain';
import { AgreementStates } from '../command-handling/agreement-states';
import { stateAfter, summaryOf } from '../command-handling/summary-after';
import { decisionTime } from '../command-handling/decision-time';
import { agreementStream } from '../agreement-streams';
import { toNewEvents } from '../command-handling/stored-agreement-events';
import { CommandHandling } from '../command-handling/command-handling';
import { assertExpectedVersion } from '../command-handling/expected-version';
import type { CommandOutcome } from '../command-handling/command-request';
import { stamp } from '../command-handling/stamp';
import { RenewAgreementCommand } from './renew-agreement.command';

@CommandHandler(RenewAgreementCommand)
export class RenewAgreementHandler implements ICommandHandler<RenewAgreementCommand, CommandOutcome> {
  constructor(
    private readonly handling: CommandHandling,
    private readonly states: AgreementStates,
  ) {}

  execute({ request }: RenewAgreementCommand): Promise<CommandOutcome> {
    const { agreementId } = request.command;
    return this.handling.run(request, async (now) => {
      const { streamId, tip, state, lastAt } = await this.states.load(agreementId, request.expectedVersion);
      assertExpectedVersion(request.expectedVersion, tip);
      const command: RenewAgreement = stamp(request, decisionTime(now, lastAt));
      const { renewed, successor } = decideRenewal(command, state);
      const successorId = command.data.successorId;
      const at = command.metadata.now;
      const successorState = stateAfter(initialState(), [successor], command, 0);
      return {
        appends: [
          { streamId, expected: tip, events: toNewEvents(renewed, command) },
          { streamId: agreementStream(successorId), expected: EMPTY_STREAM, events: toNewEvents([successor], command) },
        ],
        outcome: { created: true, agreement: summaryOf(successorState) },
        decided: [
          { agreementId, state: stateAfter(state, renewed, command, tip.version), at },
          { agreementId: successorId, state: successorState, at },
        ],
      };
    });
  }
}
