import type { AgreementCommand, AgreementSummary, CommandMetadata } from '../../domain';

type WithoutTime<C extends AgreementCommand> = C extends AgreementCommand
  ? Omit<C, 'metadata'> & { readonly metadata: Omit<CommandMetadata, 'now'> }
  : never;

/** What handling needs of any request: for which agreement, whose, and its HTTP preconditions. */
export interface RequestEnvelope {
  readonly command: { readonly agreementId: string; readonly metadata: Omit<CommandMetadata, 'now'> };
  /** The version named in If-Match: apply only if the agreement is still there. */
  readonly expectedVersion?: number;
  /** Idempotency-Key and the fingerprint of the request it came with. */
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
}

/** A command as a client asked for it; the time is stamped when it is decided. */
export interface CommandRequest<C extends AgreementCommand = AgreementCommand> extends RequestEnvelope {
  readonly command: WithoutTime<C>;
}

/** What a command answers: the agreement it created or changed, after the change. */
export interface CommandOutcome {
  readonly created: boolean;
  readonly agreement: AgreementSummary;
}
