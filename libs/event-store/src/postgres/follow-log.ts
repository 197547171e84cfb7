import type { Pool } from 'pg';
import type { LogPosition, StoredEvent, SubscribeOptions } from '../event-store.port';
import { LogWakeups } from './log-wakeups';

const POLL_MS = 500;

/** Reads the log from a position in batches, then waits for each new commit. */
export async function* followLog(
  pool: Pool,
  readAll: (after: LogPosition, limit: number) => Promise<readonly StoredEvent[]>,
  { after, signal, batchSize = 500 }: SubscribeOptions,
): AsyncGenerator<StoredEvent> {
  const wakeups = new LogWakeups(pool);
  let position = after;
  try {
    while (!signal.aborted) {
      const batch = await readAll(position, batchSize);
      for (const event of batch) {
        if (signal.aborted) return;
        yield event;
        position = event.position;
      }
      if (batch.length < batchSize) await wakeups.wait(POLL_MS, signal);
    }
  } finally {
    wakeups.close();
  }
}
