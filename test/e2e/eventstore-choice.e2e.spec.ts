import { SEED_STORIES } from '@kemitraan/testing';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { startTestApi, type TestApi } from '../support/test-api';

/**
 * With EVENTSTORE_URL the events go to EventStoreDB / KurrentDB and the read models stay in
 * PostgreSQL. No such server can run here, so this checks the wiring against one that is down.
 */
describe('the API with EVENTSTORE_URL naming a KurrentDB that is not reachable', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ EVENTSTORE_URL: 'kurrentdb://127.0.0.1:1?tls=false&defaultDeadline=2000' });
  });
  afterAll(() => api.close());

  it('is up, but not ready: a 503 problem+json a client can retry by', async () => {
    expect((await api.http.get('/health')).status).toBe(200);
    const ready = await api.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toContain('application/problem+json');
    expect(ready.headers['retry-after']).toBe('1');
    expect(ready.headers['cache-control']).toContain('no-store');
    expect(ready.body).toMatchObject({
      type: '/problems/store-unavailable',
      status: 503,
      detail: 'The event store does not answer.',
      checks: { eventStore: { status: 'down' } },
    });
  });

  it('answers a command with 503 problem+json and Retry-After, writing nothing', async () => {
    const answer = await api.post('operatorMaros', '/api/agreements', SEED_STORIES[2]!.steps[0]!.body);
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.headers['retry-after']).toBeDefined();
  });

  it('still serves what lives in PostgreSQL: units and read models', async () => {
    expect((await api.get('auditor', '/api/units')).status).toBe(200);
    expect((await api.get('auditor', '/api/reports/register')).body).toEqual({ rows: [] });
  });

  it('refuses a connection string that is not one', () => {
    expect(() => loadConfig({ EVENTSTORE_URL: 'http://localhost:2113' })).toThrow(/EVENTSTORE_URL must be/);
  });
});
