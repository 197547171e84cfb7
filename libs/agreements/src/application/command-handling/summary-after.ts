import {
  evolve,
  toSummary,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type AgreementSummary,
} from '../../domain';

/** The summary the agreement will have once the decided facts are recorded. */
export function summaryAfter(
  state: AgreementState,
  events: readonly AgreementEvent[],
  command: AgreementCommand,
  fromVersion: number,
): AgreementSummary {
  const { actor, now } = command.metadata;
  const next = events.reduce(
    (current, event, i) => evolve(current, { ...event, recorded: { actor, at: now, version: fromVersion + i + 1 } }),
    state,
  );
  if (next.status === 'none') throw new Error('A decision left the agreement without a proposal.');
  return toSummary(next);
}
