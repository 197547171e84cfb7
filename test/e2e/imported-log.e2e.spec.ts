import { ACTORS, SEED_STORIES, type ActorKey } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { clientFor } from '../support/http-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { tellStory } from '../support/story-teller';

const TELLINGS = 40;

interface Status {
  name: string;
  generation: number;
  eventsRead: number;
  lag: number;
  status: string;
}

/**
 * A log written while no process ran the read models, as a log imported into a fresh database:
 * the built server started on it with its default settings brings them up by a rebuild it starts
 * itself (here with a threshold the small log passes).
 */
describe('a built server on a log its read models have not read', () => {
  let db: TestDatabase;
  let server: ServerProcess | undefined;
  const env = () => ({ DATABASE_URL: db.url, AUTH_JWT_SECRET: TEST_JWT_SECRET });
  const stop = async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    server = undefined;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await stop();
    await db.drop();
  });

  it('rebuilds its read models by itself, and they answer for every event', async () => {
    server = await startServerProcess({ ...env(), PROJECTIONS: 'off' });
    const writer = clientFor(server.url, TEST_JWT_SECRET);
    const post = (as: ActorKey, path: string, body: unknown) => writer.post(ACTORS[as], path, body);
    let events = 0;
    for (let i = 0; i < TELLINGS; i++) {
      const story = SEED_STORIES[i % SEED_STORIES.length]!;
      await tellStory(post, story);
      events += story.steps.length;
    }
    await stop();

    server = await startServerProcess({ ...env(), REBUILD_WHEN_BEHIND: '100', LOG_LEVEL: 'info' });
    const reader = clientFor(server.url, TEST_JWT_SECRET);
    const status = await eventually(
      async () => (await reader.get(ACTORS.auditor, '/api/admin/projections')).body as Status[],
      (all) => all.every((p) => p.generation === 2 && p.lag === 0 && p.status === 'running'),
      30_000,
    );
    expect(status.map((p) => [p.generation, p.lag, p.status, p.eventsRead])).toEqual(
      status.map(() => [2, 0, 'running', events]),
    );
    expect(server.output()).toContain(
      'Read models far behind the log (agreements, stage-durations, execution-outputs): rebuilding every read model as generation 2',
    );
    const list = await reader.get(ACTORS.auditor, '/api/agreements?limit=1');
    expect(list.body.total).toBe(TELLINGS);
  }, 120_000);
});
