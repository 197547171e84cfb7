/** The agreement moved past the version the client named in If-Match. */
export class PreconditionFailed extends Error {
  readonly code = 'precondition-failed';
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`The agreement is at version ${currentVersion}, not ${expectedVersion}.`);
    this.name = 'PreconditionFailed';
  }
}

export class IdempotencyKeyReused extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was already used for a different request.`);
    this.name = 'IdempotencyKeyReused';
  }
}

/** So many writers raced on one agreement that this command could not get its turn; nothing was written. */
export class WritersContending extends Error {
  readonly code = 'writers-contending';
  constructor(readonly agreementId: string) {
    super(`Too many concurrent commands on agreement ${agreementId}; try again.`);
    this.name = 'WritersContending';
  }
}
