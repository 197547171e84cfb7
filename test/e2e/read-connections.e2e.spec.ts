import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL, READ_ANSWER_MS, READ_POOL, READ_WAIT_MS } from '@kemitraan/postgres';
import { SEED_STORIES } from '@kemitraan/testing';
import { eventuallyRead } from '../support/eventually';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;

/** Every connection the pool may open, checked out as long-running reads would hold them. */
async function takeEvery(pool: Pool): Promise<PoolClient[]> {
  return Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
}

/** Whether `answer` comes within `ms`. */
const answersWithin = (answer: PromiseLike<unknown>, ms: number) =>
  Promise.race([Promise.resolve(answer).then(() => true), sleep(ms).then(() => false)]);

/**
 * On a log of 1,000,000 events eight deep pages of the list at once held eight of the ten pooled
 * connections for 11.6 to 20.8 s, and commands and the read models' runners waited for the rest. The
 * list and the reports now read through a pool of their own.
 */
describe('the list and the reports, with every connection of theirs taken by reads in progress', () => {
  let api: TestApi;
  let readPool: Pool;
  let held: PoolClient[] = [];
  const release = () => held.splice(0).forEach((client) => client.release());

  beforeAll(async () => {
    api = await startTestApi({ READ_CONNECTIONS: '3' });
    readPool = api.provider<Pool>(READ_POOL);
  }, 60_000);
  afterEach(release);
  afterAll(() => api.close());

  it('is not the pool of the commands and the read models, and has READ_CONNECTIONS connections', () => {
    expect(readPool).not.toBe(api.provider<Pool>(PG_POOL));
    expect(readPool.options.max).toBe(3);
  });

  it('leaves every command answered and the read models catching up; a read waits its turn', async () => {
    held = await takeEvery(readPool);
    const told = await tellStory(api.post, samarinda);
    expect(told.responses.every((r) => r.status < 300)).toBe(true);
    await eventuallyRead(api, '/api/admin/projections', (body) =>
      body.every((p: { eventsRead: number }) => p.eventsRead === samarinda.steps.length),
    );

    const listing = api.get('auditor', '/api/agreements');
    expect(await answersWithin(listing, 500)).toBe(false);
    held.pop()!.release();
    const page = await listing;
    expect(page.status).toBe(200);
    expect(page.body.items.map((a: { id: string }) => a.id)).toEqual([told.agreementId]);
  }, 30_000);

  it(
    'answers 503 problem+json with Retry-After when no connection of theirs frees in READ_WAIT_MS',
    async () => {
      held = await takeEvery(readPool);
      const started = Date.now();
      const report = await api.get('auditor', '/api/reports/pipeline');
      expect(report.status).toBe(503);
      expect(report.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(report.headers['retry-after']).toBe('1');
      // The read pool's wait, not a read's bound of a minute.
      expect(Date.now() - started).toBeGreaterThanOrEqual(READ_WAIT_MS - 50);
      expect(Date.now() - started).toBeLessThan(READ_ANSWER_MS);
      release();
      expect((await api.get('auditor', '/api/reports/pipeline')).status).toBe(200);
    },
    READ_WAIT_MS + 30_000,
  );
});
