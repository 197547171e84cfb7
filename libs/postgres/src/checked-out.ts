import type { Pool, PoolClient } from 'pg';

/**
 * A connection taken from the pool, listening for its own failure from the moment the pool hands
 * it over. A connection that breaks while no query runs on it (the server restarting, a backend
 * terminated) emits an error no query receives; without a listener that error ends the process.
 * The listener is attached in the pool's callback rather than after an `await`, because a new
 * connection is handed over while its first messages are still being read, and a fatal message
 * in the same read would come before any code after an `await` runs.
 */
export class CheckedOut {
  private failure: Error | undefined;
  private readonly onError = (error: Error) => {
    this.failure ??= error;
  };

  constructor(readonly client: PoolClient) {
    client.on('error', this.onError);
  }

  /** The connection must not serve another statement. */
  spoil(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
  }

  /** Back to the pool, or closed if it broke or was spoiled. */
  release(): void {
    this.client.off('error', this.onError);
    this.client.release(this.failure);
  }
}

export function checkOut(pool: Pool): Promise<CheckedOut> {
  return new Promise((resolve, reject) => {
    pool.connect((error, client) => {
      if (error || !client) return reject(error ?? new Error('The pool gave no connection.'));
      resolve(new CheckedOut(client));
    });
  });
}
