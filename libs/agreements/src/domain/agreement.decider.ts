import type { AgreementCommand, LifecycleCommand, ProposeAgreement } from './agreement.commands';
import { AgreementAlreadyExists, AgreementNotFound } from './agreement.errors';
import type { AgreementEvent } from './agreement.events';
import { authorizationRefusal } from './agreement.policy';
import { exists, type Agreement, type AgreementState } from './agreement.state';
import { assertTotalsStayExact } from './execution-totals';
import { businessDateRefusal } from './business-dates';
import { lifecycleRefusal } from './lifecycle';
import { TODAYS_RULES, type RuleBook } from './rule-book';

function propose(command: ProposeAgreement, state: AgreementState): AgreementEvent[] {
  if (exists(state)) throw new AgreementAlreadyExists(command.agreementId);
  const refusal = authorizationRefusal(command, command.data.units);
  if (refusal) throw refusal;
  return [{ type: 'AgreementProposed', data: { ...command.data, agreementId: command.agreementId } }];
}

function factOf(command: LifecycleCommand, agreement: Agreement): AgreementEvent {
  switch (command.type) {
    case 'audiensi':
      return { type: 'AudiensiHeld', data: command.data };
    case 'drafts':
      return { type: 'DraftSubmitted', data: { ...command.data, draftVersion: (agreement.draft?.version ?? 0) + 1 } };
    case 'approvals': {
      const { decision, note, ...approval } = command.data;
      if (decision === 'APPROVE') return { type: 'DraftApproved', data: { ...approval, ...(note ? { note } : {}) } };
      return { type: 'DraftDeclined', data: { ...approval, note: note ?? '' } };
    }
    case 'signing':
      return { type: 'AgreementSigned', data: { ...command.data, draftVersion: agreement.draft?.version ?? 0 } };
    case 'execution':
      return { type: 'ExecutionStarted', data: command.data };
    case 'activities':
      assertTotalsStayExact(agreement.activities, command.data);
      return { type: 'ActivityRecorded', data: command.data };
    case 'reviews':
      return { type: 'AgreementReviewed', data: command.data };
    case 'continuation':
      return { type: 'ExecutionContinued', data: command.data };
    case 'amendment':
      return { type: 'AmendmentStarted', data: command.data };
    case 'closure':
      return { type: 'AgreementClosed', data: command.data };
    case 'renewal':
      return {
        type: 'AgreementRenewed',
        data: { renewedBy: command.data.successorId, title: command.data.title ?? agreement.terms.title },
      };
    case 'withdrawal':
      return { type: 'AgreementWithdrawn', data: command.data };
    case 'termination':
      return { type: 'AgreementTerminated', data: command.data };
    default:
      return unreachable(command);
  }
}

function unreachable(command: never): never {
  throw new Error(`Unknown agreement command ${(command as { type: string }).type}.`);
}

/**
 * Decides what a command means for an agreement: the facts to record, or a refusal (thrown).
 * Refusals come in a fixed order: existence, then who may act, then the lifecycle and its guards,
 * then the day it says something happened on. `rules` are today's, but for a recorded fact judged
 * again by the rules of the machine version that decided it (verification).
 */
export function decide(
  command: AgreementCommand,
  state: AgreementState,
  rules: RuleBook = TODAYS_RULES,
): AgreementEvent[] {
  if (command.type === 'proposal') return propose(command, state);
  if (!exists(state)) throw new AgreementNotFound(command.agreementId);
  const refusal =
    authorizationRefusal(command, state.terms.units) ??
    lifecycleRefusal(state, command) ??
    (rules.noDaysAfterToday ? businessDateRefusal(command) : null);
  if (refusal) throw refusal;
  return [factOf(command, state)];
}
