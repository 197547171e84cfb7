import { getNextTransitions, type AnyTransitionDefinition } from 'xstate';
import type { LifecycleCommand, LifecycleCommandName } from './agreement.commands';
import { CommandNotAllowed, type AgreementError } from './agreement.errors';
import { agreementMachine } from './agreement.machine';
import { LIFECYCLE_STATES, type LifecycleState } from './lifecycle.states';
import type { Agreement } from './agreement.state';
import { isLifecycleGuardName, lifecycleGuards, type LifecycleGuardName } from './lifecycle.guards';

export interface LifecycleTransition {
  readonly from: LifecycleState;
  readonly command: LifecycleCommandName;
  readonly to: LifecycleState;
  readonly guard?: LifecycleGuardName;
}

function snapshotOf(state: LifecycleState) {
  return agreementMachine.resolveState({ value: state, context: {} });
}

function guardName(definition: AnyTransitionDefinition): LifecycleGuardName | undefined {
  const guard: unknown = definition.guard;
  const name = typeof guard === 'string' ? guard : (guard as { type?: unknown } | undefined)?.type;
  if (name === undefined) return undefined;
  if (typeof name !== 'string' || !isLifecycleGuardName(name)) {
    throw new Error(`The lifecycle machine names an unknown guard: ${String(name)}.`);
  }
  return name;
}

function readTransitions(from: LifecycleState): LifecycleTransition[] {
  return getNextTransitions(snapshotOf(from)).map((definition) => {
    const target = definition.target?.[0]?.key as LifecycleState | undefined;
    const guard = guardName(definition);
    return {
      from,
      command: definition.eventType as LifecycleCommandName,
      to: target ?? from,
      ...(guard ? { guard } : {}),
    };
  });
}

const TRANSITIONS: readonly LifecycleTransition[] = LIFECYCLE_STATES.flatMap(readTransitions);

/** Every transition of the machine, read from the machine itself. */
export function lifecycleTransitions(): readonly LifecycleTransition[] {
  return TRANSITIONS;
}

/** The commands a state accepts, whatever their guards will say. */
export function allowedCommands(state: LifecycleState): readonly LifecycleCommandName[] {
  return TRANSITIONS.filter((t) => t.from === state).map((t) => t.command);
}

export function isFinal(state: LifecycleState): boolean {
  return snapshotOf(state).status === 'done';
}

/** Why the lifecycle refuses this command now (not allowed in this state, or a guard), or null. */
export function lifecycleRefusal(agreement: Agreement, command: LifecycleCommand): AgreementError | null {
  const event = { type: command.type, agreement, command };
  if (snapshotOf(agreement.status).can(event)) return null;
  const transition = TRANSITIONS.find((t) => t.from === agreement.status && t.command === command.type);
  if (!transition) return new CommandNotAllowed(command.type, agreement.status, allowedCommands(agreement.status));
  const refusal = transition.guard ? lifecycleGuards[transition.guard](agreement, command) : null;
  if (!refusal) throw new Error(`The machine refused '${command.type}' in ${agreement.status} without a reason.`);
  return refusal;
}
