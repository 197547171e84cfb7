import { randomUUID } from 'node:crypto';
import { EMPTY_STREAM, START_OF_LOG, type StoredEvent } from '@kemitraan/event-store';
import { InMemoryEventStore } from '@kemitraan/event-store/in-memory/in-memory-event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import { appendClones } from './clone-streams';

/** A template story: an agreement proposed, then `steps` more events. */
async function toldStory(store: InMemoryEventStore, steps: number): Promise<StoredEvent[]> {
  const agreementId = randomUUID();
  const streamId = `agreement-${agreementId}`;
  const events = [
    anEvent('AgreementProposed', { agreementId }),
    ...Array.from({ length: steps }, (_, i) => anEvent(`Step${i}`)),
  ];
  await store.append([{ streamId, expected: EMPTY_STREAM, events }]);
  return [...(await store.readStream(streamId)).events];
}

describe('the bench log: clones of told stories, interleaved', () => {
  it('tells each clone in its template order, many side by side, and stops at the count asked for', async () => {
    const store = new InMemoryEventStore();
    const templates = [await toldStory(store, 4), await toldStory(store, 9)];
    const counted: number[] = [];
    const written = await appendClones(store, templates, 400, (n) => counted.push(n), { inFlight: 20, perAppend: 8 });

    const log = await store.readAll(START_OF_LOG, 10_000);
    expect(written).toBe(400);
    expect(log).toHaveLength(400);
    expect(counted.at(-1)).toBe(400);
    const byStream = new Map<string, StoredEvent[]>();
    for (const event of log) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    const clones = [...byStream.entries()].filter(
      ([, events]) => !templates.some((t) => t[0]!.streamId === events[0]!.streamId),
    );
    for (const [streamId, events] of clones) {
      const template = templates.find((t) => t.length >= events.length && t[1]?.type === events[1]?.type)!;
      expect(events.map((e) => e.type)).toEqual(template.slice(0, events.length).map((e) => e.type));
      expect(events[0]!.data.agreementId).toBe(streamId.slice('agreement-'.length));
    }
    // Interleaved: the 20 stories under way each moved one step per append, so a clone's second
    // event comes many events after its first.
    const [, first] = clones[0]!;
    expect(log.indexOf(first[1]!) - log.indexOf(first[0]!)).toBeGreaterThanOrEqual(8);
    expect(clones.length).toBeGreaterThan(20);
  });
});
