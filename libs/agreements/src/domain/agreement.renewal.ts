import type { RenewAgreement } from './agreement.commands';
import { decide } from './agreement.decider';
import type { AgreementEvent, AgreementProposed } from './agreement.events';
import type { Agreement, AgreementState } from './agreement.state';

export interface RenewalDecision {
  /** Facts for the agreement being renewed (it closes). */
  readonly renewed: AgreementEvent[];
  /** The proposal of its successor, a new agreement that carries `renewalOf`. */
  readonly successor: AgreementProposed;
}

/** A renewal closes one agreement and proposes its successor on the same terms. */
export function decideRenewal(command: RenewAgreement, state: AgreementState): RenewalDecision {
  const renewed = decide(command, state);
  const { terms, id } = state as Agreement;
  const successor: AgreementProposed = {
    type: 'AgreementProposed',
    data: {
      ...terms,
      title: command.data.title ?? terms.title,
      agreementId: command.data.successorId,
      renewalOf: id,
    },
  };
  return { renewed, successor };
}
