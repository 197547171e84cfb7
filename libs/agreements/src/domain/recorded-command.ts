import type { AgreementCommand, CommandMetadata } from './agreement.commands';
import type { AgreementEvent } from './agreement.events';

/**
 * The command a recorded fact answered, as its actor sent it: the decider's facts read backwards.
 * Deciding it again on the agreement as it stood before tells whether the fact was admissible.
 */
export function commandRecordedBy(
  agreementId: string,
  event: AgreementEvent,
  metadata: CommandMetadata,
): AgreementCommand {
  const base = { agreementId, metadata };
  switch (event.type) {
    case 'AgreementProposed': {
      const { agreementId: _id, renewalOf: _renewed, ...terms } = event.data;
      return { ...base, type: 'proposal', data: terms };
    }
    case 'AudiensiHeld':
      return { ...base, type: 'audiensi', data: event.data };
    case 'DraftSubmitted': {
      const { draftVersion: _version, ...draft } = event.data;
      return { ...base, type: 'drafts', data: draft };
    }
    case 'DraftApproved':
      return { ...base, type: 'approvals', data: { ...event.data, decision: 'APPROVE' } };
    case 'DraftDeclined':
      return { ...base, type: 'approvals', data: { ...event.data, decision: 'DECLINE' } };
    case 'AgreementSigned': {
      const { draftVersion: _version, ...signing } = event.data;
      return { ...base, type: 'signing', data: signing };
    }
    case 'ExecutionStarted':
      return { ...base, type: 'execution', data: event.data };
    case 'ActivityRecorded':
      return { ...base, type: 'activities', data: event.data };
    case 'AgreementReviewed':
      return { ...base, type: 'reviews', data: event.data };
    case 'ExecutionContinued':
      return { ...base, type: 'continuation', data: event.data };
    case 'AmendmentStarted':
      return { ...base, type: 'amendment', data: event.data };
    case 'AgreementClosed':
      return { ...base, type: 'closure', data: event.data };
    case 'AgreementRenewed':
      return { ...base, type: 'renewal', data: { successorId: event.data.renewedBy, title: event.data.title } };
    case 'AgreementWithdrawn':
      return { ...base, type: 'withdrawal', data: event.data };
    case 'AgreementTerminated':
      return { ...base, type: 'termination', data: event.data };
    default:
      return unknownFact(event);
  }
}

function unknownFact(event: never): never {
  throw new Error(`No command records a fact of type ${(event as { type: string }).type}.`);
}
