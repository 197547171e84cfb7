import { ACTORS, asStored, commandOf, historyOf, SEED_STORIES } from '@kemitraan/testing';
import { PROJECTIONS } from './projections.list';

/** Every seed story told twice, each time as a new agreement: the same facts in distinct streams. */
const agreementId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const told = SEED_STORIES.flatMap((story, i) => {
  const history = historyOf(story.steps.map((step) => commandOf(step.command, step.body, ACTORS[step.as])));
  return [asStored(history, agreementId(2 * i)), asStored(history, agreementId(2 * i + 1))];
}).flat();

describe('the read models a rebuild may read stream by stream', () => {
  it.each(PROJECTIONS.map((p) => [p.name, p] as const))(
    '%s says its rows each follow one stream, and its keys never join two streams',
    (_, projection) => {
      expect(projection.oneStreamPerRow).toBe(true);
      const streamsOf = new Map<string, Set<string>>();
      for (const event of told) {
        const key = projection.keyOf(event);
        if (key !== null) streamsOf.set(key, (streamsOf.get(key) ?? new Set()).add(event.streamId));
      }
      expect(streamsOf.size).toBeGreaterThanOrEqual(SEED_STORIES.length * 2);
      expect([...streamsOf.values()].filter((streams) => streams.size > 1)).toEqual([]);
    },
  );
});
