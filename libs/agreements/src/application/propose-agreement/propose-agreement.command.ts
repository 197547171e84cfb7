import { Command } from '@nestjs/cqrs';
import type { AgreementTerms, ProposeAgreement } from '../../domain';
import type { CommandOutcome, CommandRequest, RequestEnvelope } from '../command-handling/command-request';

type Proposal = CommandRequest<ProposeAgreement>['command'];

/** A proposal names its units by code; the handler resolves them to units and their Kanwil. */
export interface ProposalRequest extends RequestEnvelope {
  readonly command: Omit<Proposal, 'data'> & {
    readonly data: Omit<AgreementTerms, 'units'> & { readonly units: readonly string[] };
  };
}

export class ProposeAgreementCommand extends Command<CommandOutcome> {
  constructor(readonly request: ProposalRequest) {
    super();
  }
}
