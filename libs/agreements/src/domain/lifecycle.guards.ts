import type { LifecycleCommand } from './agreement.commands';
import { AlreadySigned, NeverSigned, type AgreementError } from './agreement.errors';
import type { Agreement } from './agreement.state';
import { approvalRefusal, noDraftAwaiting, signingRefusal, signingStandingRefusal } from './approval.rules';

type Guard = (agreement: Agreement, command: LifecycleCommand) => AgreementError | null;

function expect<T extends LifecycleCommand['type']>(command: LifecycleCommand, type: T) {
  if (command.type !== type) throw new Error(`Guard for '${type}' was asked about '${command.type}'.`);
  return command as Extract<LifecycleCommand, { type: T }>;
}

/**
 * The guards that judge the agreement alone, whatever the command carries: what they refuse is
 * not offered in the agreement's `allowed` commands.
 */
const STANDING_GUARDS = {
  neverSigned: (agreement: Agreement) => (agreement.signing ? new AlreadySigned(agreement.signing.signedOn) : null),
  signedBefore: (agreement: Agreement) => (agreement.signing ? null : new NeverSigned()),
} satisfies Record<string, (agreement: Agreement) => AgreementError | null>;

/**
 * The guards named in the lifecycle machine. Each answers why a transition is refused (or null),
 * so a refusal can say exactly what is missing.
 */
export const lifecycleGuards = {
  approvalAdmissible: (agreement, command) => approvalRefusal(agreement, expect(command, 'approvals')),
  approvalsComplete: (agreement) => signingRefusal(agreement),
  ...STANDING_GUARDS,
} satisfies Record<string, Guard>;

export type LifecycleGuardName = keyof typeof lifecycleGuards;

/**
 * What the guards that read the command refuse before they read it: whatever an approval or a
 * signing says, none is taken while no draft awaits one (an amendment before its addendum's draft),
 * and no signing while a step of the current version stays declined.
 */
const STANDING_PARTS: Partial<Record<LifecycleGuardName, (agreement: Agreement) => AgreementError | null>> = {
  approvalAdmissible: (agreement) => noDraftAwaiting(agreement, 'approval'),
  approvalsComplete: signingStandingRefusal,
};

/**
 * Why the guard refuses this agreement whatever the command carries, or null: such a command is
 * left out of the agreement's `allowed`, and its refusal says the state and what is allowed.
 */
export function standingRefusal(name: LifecycleGuardName, agreement: Agreement): AgreementError | null {
  if (name in STANDING_GUARDS) return STANDING_GUARDS[name as keyof typeof STANDING_GUARDS](agreement);
  return STANDING_PARTS[name]?.(agreement) ?? null;
}

export function isLifecycleGuardName(name: string): name is LifecycleGuardName {
  return name in lifecycleGuards;
}
