import { randomUUID } from 'node:crypto';
import {
  EMPTY_STREAM,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type StreamAppend,
} from '@kemitraan/event-store';

/** A told story's events as new events of another agreement: new ids, the same facts. */
function cloned(events: readonly StoredEvent[], agreementId: string): NewEvent[] {
  return events.map((event) => ({
    eventId: randomUUID(),
    type: event.type,
    data: event.type === 'AgreementProposed' ? { ...event.data, agreementId } : event.data,
    metadata: event.metadata,
  }));
}

/**
 * Appends the template streams (agreements' stories) again, in turn, as new agreements: new ids,
 * the same facts, through the store (hash chain and all), in batches of many streams per statement.
 * Stops once the templates and their clones hold at least `count` events; answers how many they hold.
 */
export async function appendClones(
  store: EventStore,
  templates: readonly (readonly StoredEvent[])[],
  count: number,
  progress: (done: number) => void = () => undefined,
): Promise<number> {
  const stories = templates.filter((events) => events.length > 0);
  if (stories.length === 0) throw new Error('There is no story to clone.');
  let written = stories.reduce((n, t) => n + t.length, 0);
  let next = 0;
  while (written < count) {
    const appends: StreamAppend[] = [];
    let inBatch = 0;
    while (inBatch < 2_000 && written + inBatch < count) {
      const template = stories[next++ % stories.length]!;
      const agreementId = randomUUID();
      appends.push({
        streamId: `agreement-${agreementId}`,
        expected: EMPTY_STREAM,
        events: cloned(template, agreementId),
      });
      inBatch += template.length;
    }
    await store.append(appends);
    written += inBatch;
    progress(written);
  }
  return written;
}
