import { setup } from 'xstate';
import type { LifecycleCommand, LifecycleCommandName } from './agreement.commands';
import type { Agreement } from './agreement.state';
import { lifecycleGuards, type LifecycleGuardName } from './lifecycle.guards';

/**
 * A command offered to the machine. Guards read the agreement and the command it carries;
 * questions about the table of moves alone (the diagram, `allowed`) carry neither.
 */
export interface LifecycleEvent {
  readonly type: LifecycleCommandName;
  readonly agreement?: Agreement;
  readonly command?: LifecycleCommand;
}

function passes(guard: LifecycleGuardName, event: LifecycleEvent): boolean {
  if (!event.agreement || !event.command) return false;
  return lifecycleGuards[guard](event.agreement, event.command) === null;
}

/**
 * The lifecycle of an agreement: the single table of legal moves. Used only through xstate's
 * pure functions; no actor runs it and it has no actions.
 * Bump `version` whenever a state, a transition or a guard changes: every event records it.
 */
export const agreementMachine = setup({
  types: { events: {} as LifecycleEvent },
  guards: {
    approvalAdmissible: ({ event }) => passes('approvalAdmissible', event),
    approvalsComplete: ({ event }) => passes('approvalsComplete', event),
    neverSigned: ({ event }) => passes('neverSigned', event),
    signedBefore: ({ event }) => passes('signedBefore', event),
  },
}).createMachine({
  id: 'agreement',
  version: '3',
  initial: 'proposed',
  states: {
    proposed: {
      on: { audiensi: 'audiensiHeld', withdrawal: 'withdrawn' },
    },
    audiensiHeld: {
      on: { audiensi: 'audiensiHeld', drafts: 'drafted', withdrawal: 'withdrawn' },
    },
    drafted: {
      on: {
        drafts: 'drafted',
        approvals: { target: 'drafted', guard: 'approvalAdmissible' },
        signing: { target: 'signed', guard: 'approvalsComplete' },
        // Back in drafted for an addendum, a signed agreement stays in force: it is no longer
        // withdrawn, and it can still be terminated, as in every other state it is in force in.
        withdrawal: { target: 'withdrawn', guard: 'neverSigned' },
        termination: { target: 'terminated', guard: 'signedBefore' },
      },
    },
    signed: {
      on: { execution: 'inExecution', termination: 'terminated' },
    },
    inExecution: {
      on: { activities: 'inExecution', reviews: 'reviewed', termination: 'terminated' },
    },
    reviewed: {
      on: {
        continuation: 'inExecution',
        amendment: 'drafted',
        closure: 'closed',
        renewal: 'closed',
        termination: 'terminated',
      },
    },
    closed: { type: 'final' },
    withdrawn: { type: 'final' },
    terminated: { type: 'final' },
  },
});

export const LIFECYCLE_VERSION = `${agreementMachine.id}@${agreementMachine.version ?? '0'}`;
