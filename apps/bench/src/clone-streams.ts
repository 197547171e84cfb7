import { randomUUID } from 'node:crypto';
import {
  EMPTY_STREAM,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type StreamAppend,
  type StreamTip,
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

/** An agreement whose story is being appended, one event at a time. */
interface InFlight {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  told: number;
  tip: StreamTip;
}

export interface CloneOptions {
  /** Agreements whose stories are appended side by side, as years of history interleave them. */
  readonly inFlight?: number;
  /** Agreements given their next event by one append statement. */
  readonly perAppend?: number;
}

/**
 * Appends the template streams (agreements' stories) again as new agreements: new ids, the same
 * facts, through the store (hash chain and all). Real history interleaves agreements: thousands
 * are under way at once, each moving one step now and then. So `inFlight` stories are told side by
 * side, each append statement giving the next event to `perAppend` of them in turn, and a finished
 * story makes room for the next. Stops once the templates and their clones hold at least `count`
 * events (the stories still under way then stay unfinished); answers how many they hold.
 */
export async function appendClones(
  store: EventStore,
  templates: readonly (readonly StoredEvent[])[],
  count: number,
  progress: (done: number) => void = () => undefined,
  { inFlight = 4_000, perAppend = 2_000 }: CloneOptions = {},
): Promise<number> {
  const stories = templates.filter((events) => events.length > 0);
  if (stories.length === 0) throw new Error('There is no story to clone.');
  let written = stories.reduce((n, t) => n + t.length, 0);
  let started = 0;
  const queue: InFlight[] = [];
  const startStory = () => {
    const agreementId = randomUUID();
    const events = cloned(stories[started++ % stories.length]!, agreementId);
    queue.push({ streamId: `agreement-${agreementId}`, events, told: 0, tip: EMPTY_STREAM });
  };
  while (written < count) {
    while (queue.length < inFlight) startStory();
    const turn = queue.splice(0, Math.min(perAppend, count - written));
    const appends: StreamAppend[] = turn.map((story) => ({
      streamId: story.streamId,
      expected: story.tip,
      events: [story.events[story.told]!],
    }));
    const { tips } = await store.append(appends);
    for (const story of turn) {
      story.tip = tips.get(story.streamId)!;
      if (++story.told < story.events.length) queue.push(story);
    }
    written += turn.length;
    progress(written);
  }
  return written;
}
