/** The stream moved on since it was read: reload, decide again, or give up (If-Match). */
export class StreamVersionConflict extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} is no longer at version ${expectedVersion}.`);
    this.name = 'StreamVersionConflict';
  }
}

export class IdempotencyKeyTaken extends Error {
  constructor(
    readonly scope: string,
    readonly key: string,
  ) {
    super(`Idempotency key ${key} was already used.`);
    this.name = 'IdempotencyKeyTaken';
  }
}

/** The store cannot be reached or is shutting down; nothing was written. */
export class EventStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super('The event store is unavailable.', { cause });
    this.name = 'EventStoreUnavailable';
  }
}
