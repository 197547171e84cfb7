import { getNextTransitions, type AnyTransitionDefinition } from 'xstate';
import type { LifecycleCommand, LifecycleCommandName } from './agreement.commands';
import { CommandNotAllowed, type AgreementError } from './agreement.errors';
import { agreementMachine } from './agreement.machine';
import { LIFECYCLE_STATES, type LifecycleState } from './lifecycle.states';
import type { Agreement } from './agreement.state';
import { isLifecycleGuardName, lifecycleGuards, standingRefusal, type LifecycleGuardName } from './lifecycle.guards';

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

/** The commands a state accepts, whatever their guards will say (the diagram's view). */
export function allowedCommands(state: LifecycleState): readonly LifecycleCommandName[] {
  return TRANSITIONS.filter((t) => t.from === state).map((t) => t.command);
}

/**
 * The commands this agreement accepts in its state: those whose guard refuses the agreement
 * whatever the command says are left out (an agreement under an addendum is terminated, never
 * withdrawn; it is neither approved nor signed before the addendum's draft; it is not signed
 * while a step stays declined). Those whose guard needs the command (an approval's version) or
 * awaits a step (signing's approvals) stay: they are the next steps, and their refusal says what
 * is missing.
 */
export function allowedCommandsFor(agreement: Agreement): readonly LifecycleCommandName[] {
  return TRANSITIONS.filter(
    (t) => t.from === agreement.status && (t.guard === undefined || standingRefusal(t.guard, agreement) === null),
  ).map((t) => t.command);
}

export function isFinal(state: LifecycleState): boolean {
  return snapshotOf(state).status === 'done';
}

/** Why the lifecycle refuses this command now (not allowed in this state, or a guard), or null. */
export function lifecycleRefusal(agreement: Agreement, command: LifecycleCommand): AgreementError | null {
  const event = { type: command.type, agreement, command };
  if (snapshotOf(agreement.status).can(event)) return null;
  const transition = TRANSITIONS.find((t) => t.from === agreement.status && t.command === command.type);
  if (!transition) return new CommandNotAllowed(command.type, agreement.status, allowedCommandsFor(agreement));
  const standing = transition.guard ? standingRefusal(transition.guard, agreement) : null;
  if (standing) return placed(standing, agreement);
  const refusal = transition.guard ? lifecycleGuards[transition.guard](agreement, command) : null;
  if (!refusal) throw new Error(`The machine refused '${command.type}' in ${agreement.status} without a reason.`);
  return refusal;
}

/**
 * A refusal by a guard that judges the agreement alone leaves the command out of `allowed`, as
 * a command the state does not take: so it says the state and what is allowed, as that does.
 */
function placed(refusal: AgreementError, agreement: Agreement): AgreementError {
  return refusal.placed({ state: agreement.status, allowed: allowedCommandsFor(agreement) });
}
