import {
  decide,
  evolve,
  initialState,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
  type RecordedAgreementEvent,
} from '@kemitraan/agreements/domain';

/** Records the facts a command decided, as the store would hand them back. */
export function record(
  events: readonly AgreementEvent[],
  command: AgreementCommand,
  afterVersion: number,
): RecordedAgreementEvent[] {
  const { actor, now } = command.metadata;
  return events.map((event, i) => ({ ...event, recorded: { actor, at: now, version: afterVersion + i + 1 } }));
}

/** Replays commands through the decider, as a history of recorded facts. */
export function historyOf(commands: readonly AgreementCommand[]): RecordedAgreementEvent[] {
  const history: RecordedAgreementEvent[] = [];
  for (const command of commands) {
    const state = history.reduce(evolve, initialState());
    history.push(...record(decide(command, state), command, history.length));
  }
  return history;
}

export function fold(history: readonly RecordedAgreementEvent[]): AgreementState {
  return history.reduce(evolve, initialState());
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** `given(history).when(command).then(events)`: the decider's tests, in its own words. */
export function given(history: readonly RecordedAgreementEvent[]) {
  const state = fold(history);
  return {
    when(command: AgreementCommand) {
      const run = () => decide(command, state);
      return {
        then(expected: readonly AgreementEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenRefused(errorClass: ErrorClass, details: Record<string, unknown> = {}) {
          let refusal: unknown;
          try {
            run();
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(errorClass);
          expect(refusal).toMatchObject(details);
        },
      };
    },
  };
}
