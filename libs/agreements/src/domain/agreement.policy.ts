import type { Actor, Role } from './actor';
import type { AgreementCommand, AgreementCommandName } from './agreement.commands';
import { ActionForbidden } from './agreement.errors';
import type { UnitRef } from './agreement.parts';
import { STEP_ROLE } from './approval.rules';

/** Who may issue each command (API.md's table). Auditors and admins issue none. */
export const COMMAND_ROLES: Record<AgreementCommandName, readonly Role[]> = {
  proposal: ['operator'],
  audiensi: ['operator', 'upt_head'],
  drafts: ['operator'],
  approvals: ['upt_head', 'legal', 'kanwil_head'],
  signing: ['upt_head', 'kanwil_head'],
  execution: ['operator', 'upt_head'],
  activities: ['operator'],
  reviews: ['upt_head', 'kanwil_head'],
  continuation: ['upt_head'],
  amendment: ['operator', 'upt_head'],
  closure: ['upt_head', 'kanwil_head'],
  renewal: ['upt_head'],
  withdrawal: ['operator', 'upt_head'],
  termination: ['upt_head', 'kanwil_head'],
};

/** Where a role may act: in its own unit, or in its own Kanwil. */
const ROLE_SCOPE: Record<Role, 'unit' | 'kanwil' | 'nowhere'> = {
  operator: 'unit',
  upt_head: 'unit',
  legal: 'kanwil',
  kanwil_head: 'kanwil',
  auditor: 'nowhere',
  admin: 'nowhere',
};

export function inScope(role: Role, actor: Actor, units: readonly UnitRef[]): boolean {
  switch (ROLE_SCOPE[role]) {
    case 'unit':
      return units.some((u) => u.code === actor.unit);
    case 'kanwil':
      return units.some((u) => u.kanwil === actor.unit);
    case 'nowhere':
      return false;
  }
}

function rolesFor(command: AgreementCommand): readonly Role[] {
  return command.type === 'approvals' ? [STEP_ROLE[command.data.step]] : COMMAND_ROLES[command.type];
}

/** Why the actor may not issue this command on an agreement with these units, or null. */
export function authorizationRefusal(command: AgreementCommand, units: readonly UnitRef[]): ActionForbidden | null {
  const { actor } = command.metadata;
  const held = rolesFor(command).filter((role) => actor.roles.includes(role));
  if (held.length === 0) {
    if (command.type === 'approvals' && COMMAND_ROLES.approvals.some((r) => actor.roles.includes(r))) {
      return new ActionForbidden('step-role', `No role of yours gives the ${command.data.step} step.`);
    }
    return new ActionForbidden('role', `Your roles do not allow '${command.type}'.`);
  }
  if (!held.some((role) => inScope(role, actor, units)))
    return new ActionForbidden('scope', outOfScope(held, actor, units));
  return null;
}

/** Says where the actor's roles would have to be: in one of the agreement's units, or in the Kanwil of one. */
function outOfScope(held: readonly Role[], actor: Actor, units: readonly UnitRef[]): string {
  const scopes = new Set(held.map((role) => ROLE_SCOPE[role]));
  const where = [
    ...(scopes.has('unit') ? [`one of its units (${units.map((u) => u.code).join(', ')})`] : []),
    ...(scopes.has('kanwil')
      ? [`the Kanwil of one of its units (${[...new Set(units.map((u) => u.kanwil))].join(', ')})`]
      : []),
  ];
  const roles = held.length > 1 ? `the roles ${held.join(' and ')} act` : `the role ${held[0]} acts`;
  return `Unit ${actor.unit} is outside this agreement's scope: ${roles} only in ${where.join(' or ')}.`;
}
