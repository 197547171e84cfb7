import { CommandBus } from '@nestjs/cqrs';
import { SEED_STORIES } from '@kemitraan/seeds';
import { UnitsService } from '@kemitraan/units';
import { SeedTeller } from '../../api/src/cli/seed-teller';
import { PostgresEventStore } from '@kemitraan/event-store';
import type { BenchContext } from './bench-context';
import { appendClones } from './clone-streams';

const AGREEMENT_STREAMS = `select distinct stream_id from events where stream_id like 'agreement-%'`;

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
