import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { SEED_STORIES } from '@kemitraan/seeds';
import { UnitsService } from '@kemitraan/units';
import { SeedTeller } from '../../api/src/cli/seed-teller';
import {
  EMPTY_STREAM,
  PostgresEventStore,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type StreamAppend,
} from '@kemitraan/event-store';
import type { BenchContext } from './bench-context';

const AGREEMENT_STREAMS = `select distinct stream_id from events where stream_id like 'agreement-%'`;

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
 * A log of at least `count` events shaped by the command handlers: the five seed stories are
 * told through them once, then their events are appended again, as new agreements, through the
 * event store (hash chain and all), in batches of many streams per statement.
 */
export async function generateLog(
  context: BenchContext,
  count: number,
  progress: (done: number) => void,
): Promise<number> {
  const teller = new SeedTeller(context.app.get(CommandBus), context.app.get(UnitsService));
  const agreementStreams = async () =>
    new Set((await context.pool.query<{ stream_id: string }>(AGREEMENT_STREAMS)).rows.map((r) => r.stream_id));
  // Only the streams the stories make: the other benchmarks' agreements, with thousands of
  // activities each, would make a log unlike the seeds (few agreements, long streams).
  const before = await agreementStreams();
  for (const story of SEED_STORIES) await teller.tell(story, 'bench-template');
  const store = new PostgresEventStore(context.pool);
  const streams = [...(await agreementStreams())].filter((stream) => !before.has(stream));
  if (streams.length === 0) throw new Error('Telling the seed stories made no agreement stream to clone.');
  const templates = await Promise.all(streams.map(async (s) => (await store.readStream(s)).events));
  return appendClones(store, templates, count, progress);
}

/**
 * Appends the template streams again, in turn, as new agreements (new ids, the same facts), until
 * the log holds at least `count` events counting the templates; answers how many it holds.
 */
export async function appendClones(
  store: EventStore,
  templates: readonly (readonly StoredEvent[])[],
  count: number,
  progress: (done: number) => void = () => undefined,
): Promise<number> {
  let written = templates.reduce((n, t) => n + t.length, 0);
  let next = 0;
  while (written < count) {
    const appends: StreamAppend[] = [];
    let inBatch = 0;
    while (inBatch < 2_000 && written + inBatch < count) {
      const template = templates[next++ % templates.length]!;
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
