import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMPTY_STREAM, PostgresEventStore } from '@kemitraan/event-store';
import { anEvent } from '@kemitraan/event-store/testing/contract';
import { SEED_STORIES } from '@kemitraan/testing';
import { eventuallyRead } from '../support/eventually';
import { everyReport } from '../support/reports';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const TELLINGS = 330;

const reportsOf = (api: TestApi) => everyReport((path) => api.get('auditor', path));

describe('rebuilding the read models, over HTTP', () => {
  let api: TestApi;
  let events = 0;

  beforeAll(async () => {
    api = await startTestApi();
    const stories = Array.from({ length: TELLINGS }, (_, i) => SEED_STORIES[i % SEED_STORIES.length]!);
    for (let i = 0; i < stories.length; i += 10) {
      await Promise.all(stories.slice(i, i + 10).map((story) => tellStory(api.post, story)));
    }
    events = stories.reduce((sum, story) => sum + story.steps.length, 0);
    await eventuallyRead(
      api,
      '/api/admin/projections',
      (body) => body.every((p: { eventsRead: number; lag: number }) => p.eventsRead === events && p.lag === 0),
      60_000,
    );
  }, 180_000);
  afterAll(() => api.close());

  it('is a log of thousands of events from the seed stories', () => {
    expect(events).toBeGreaterThanOrEqual(2_000);
  });

  it('shows admins and auditors where each read model stands, and no one else', async () => {
    const status = await api.get('auditor', '/api/admin/projections');
    expect(status.status).toBe(200);
    expect(status.body.map((p: { name: string }) => p.name)).toEqual([
      'agreements',
      'stage-durations',
      'execution-outputs',
    ]);
    for (const projection of status.body) {
      expect(projection).toMatchObject({ lag: 0, status: 'running', generation: 1, parked: [], rebuilding: null });
      expect(projection.position).toBeGreaterThan(0);
    }
    expect((await api.get('admin', '/api/admin/projections')).status).toBe(200);
    expect((await api.get('operatorMaros', '/api/admin/projections')).status).toBe(403);
    expect((await api.post('auditor', '/api/admin/projections/rebuild')).status).toBe(403);
    expect((await api.post('kalapasMaros', '/api/admin/projections/rebuild')).status).toBe(403);
  });

  it('answers every read from the old copy while it rebuilds, then switches to an equal new one', async () => {
    const before = await reportsOf(api);
    const started = await api.post('admin', '/api/admin/projections/rebuild');
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ status: 'rebuilding', live: 1, building: 2 });

    let readsDuringRebuild = 0;
    let sawRebuilding = false;
    for (;;) {
      const status = (await api.get('auditor', '/api/admin/projections')).body;
      const live = status[0].generation;
      if (status.some((p: { rebuilding: unknown }) => p.rebuilding !== null)) sawRebuilding = true;
      expect(await reportsOf(api)).toEqual(before);
      readsDuringRebuild += 1;
      if (live === 2 && status.every((p: { rebuilding: unknown }) => p.rebuilding === null)) break;
      await sleep(20);
    }
    expect(sawRebuilding).toBe(true);
    expect(readsDuringRebuild).toBeGreaterThan(1);
    expect(await reportsOf(api)).toEqual(before);
    const after = (await api.get('auditor', '/api/admin/projections')).body;
    for (const projection of after) expect(projection).toMatchObject({ generation: 2, eventsRead: events, lag: 0 });
    // The rebuilt list holds an agreement in execution (activities and all) as its own read does.
    const [running] = (await api.get('auditor', '/api/agreements?state=inExecution&limit=1')).body.items;
    expect(running.activities.count).toBeGreaterThan(0);
    expect(running).toEqual((await api.get('auditor', `/api/agreements/${running.id}`)).body);
  }, 120_000);

  it('parks an event a read model cannot apply, reports it, and keeps the others going', async () => {
    const store = new PostgresEventStore(api.db.pool);
    const stream = `agreement-${randomUUID()}`;
    await store.append([
      { streamId: stream, expected: EMPTY_STREAM, events: [anEvent('AgreementProposed', { title: 42 })] },
    ]);
    const status = await eventuallyRead(
      api,
      '/api/admin/projections',
      (body) => body.find((p: { name: string }) => p.name === 'agreements').parked.length === 1,
      30_000,
    );
    const agreements = status.find((p: { name: string }) => p.name === 'agreements');
    expect(agreements.status).toBe('degraded');
    expect(agreements.parked[0]).toMatchObject({
      streamId: stream,
      version: 1,
      type: 'AgreementProposed',
      attempts: 5,
    });
    // The stage durations can apply the event: they went on at once and are up to date.
    const durations = status.find((p: { name: string }) => p.name === 'stage-durations');
    expect(durations).toMatchObject({ lag: 0, parked: [], status: 'running' });
    // The outputs cannot either (the proposal names no units): they park it too, on their own retries.
    await eventuallyRead(
      api,
      '/api/admin/projections',
      (body) => body.find((p: { name: string }) => p.name === 'execution-outputs').parked.length === 1,
      30_000,
    );
    const recorded = await api.post('operatorSamarinda', '/api/agreements', {
      ...SEED_STORIES[4]!.steps[0]!.body,
      title: 'Sesudah kejadian racun',
    });
    expect(recorded.status).toBe(201);
    await eventuallyRead(api, '/api/agreements?q=sesudah kejadian', (body) => body.total === 1);
  }, 60_000);
});
