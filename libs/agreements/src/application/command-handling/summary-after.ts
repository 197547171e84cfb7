import {
  evolve,
  exists,
  toSummary,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type AgreementSummary,
} from '../../domain';

/**
 * The state the agreement will have once the decided facts are recorded. The facts go through
 * JSON first, as they will into the store, so this state is the one a later read of the stream
 * folds to.
 */
export function stateAfter(
  state: AgreementState,
  events: readonly AgreementEvent[],
  command: AgreementCommand,
  fromVersion: number,
): AgreementState {
  const { actor, now } = command.metadata;
  const stored = JSON.parse(JSON.stringify(events)) as AgreementEvent[];
  return stored.reduce(
    (current, event, i) => evolve(current, { ...event, recorded: { actor, at: now, version: fromVersion + i + 1 } }),
    state,
  );
}

/** The summary a client is answered with after a command. */
export function summaryOf(state: AgreementState): AgreementSummary {
  if (!exists(state)) throw new Error('A decision left the agreement without a proposal.');
  return toSummary(state);
}
