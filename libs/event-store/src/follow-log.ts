import type { AppendWatch, LogPosition, StoredEvent, SubscribeOptions } from './event-store.port';

const POLL_MS = 500;

/** Reads the log from a position in batches, then waits for each new commit (any adapter). */
export async function* followLog(
  readAll: (after: LogPosition, limit: number) => Promise<readonly StoredEvent[]>,
  watch: AppendWatch,
  { after, signal, batchSize = 500 }: SubscribeOptions,
): AsyncGenerator<StoredEvent> {
  let position = after;
  try {
    while (!signal.aborted) {
      const batch = await readAll(position, batchSize);
      for (const event of batch) {
        if (signal.aborted) return;
        yield event;
        position = event.position;
      }
      if (batch.length < batchSize) await watch.wait(POLL_MS, signal);
    }
  } finally {
    watch.close();
  }
}
