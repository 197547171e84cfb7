import { LIFECYCLE_VERSION } from '@kemitraan/agreements';
import { SEED_STORIES } from '@kemitraan/testing';
import type request from 'supertest';
import { tellStory, type ToldStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

describe('the five seed partnerships, told over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  describe.each(SEED_STORIES.map((s) => [s.seed, s] as const))('%s', (_seed, story) => {
    let told: ToldStory<request.Response>;
    beforeAll(async () => {
      told = await tellStory(api.post, story);
    });

    it('answers each command with the summary, its version and ETag', () => {
      told.responses.forEach((response, i) => {
        expect(response.status).toBe(i === 0 ? 201 : 200);
        expect(response.body.version).toBe(i + 1);
        expect(response.headers.etag).toBe(`"${i + 1}"`);
      });
      expect(told.responses[0]!.headers.location).toBe(`/api/agreements/${told.agreementId}`);
    });

    it(`stands ${story.finalState}, and GET says so with the same ETag`, async () => {
      const read = await api.get('auditor', `/api/agreements/${told.agreementId}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: told.agreementId, state: story.finalState, version: story.steps.length });
      expect(read.headers.etag).toBe(`"${story.steps.length}"`);
      expect(read.body).toEqual(told.responses.at(-1)!.body);
    });

    it('keeps the audit trail: who, when, which command and machine, chained hashes', async () => {
      const history = await api.get('auditor', `/api/agreements/${told.agreementId}/history`);
      expect(history.status).toBe(200);
      expect(history.body).toHaveLength(story.steps.length);
      history.body.forEach((entry: Record<string, unknown>, i: number) => {
        expect(entry).toMatchObject({ version: i + 1, machineVersion: LIFECYCLE_VERSION });
        expect(entry.actor).toMatchObject({
          sub: expect.any(String),
          name: expect.any(String),
          unit: expect.any(String),
        });
        expect(entry.commandId).toEqual(expect.any(String));
        expect(entry.correlationId).toEqual(entry.commandId);
        expect(entry.previousHash).toBe(i === 0 ? null : history.body[i - 1].hash);
      });
      const verification = await api.get('auditor', `/api/agreements/${told.agreementId}/verification`);
      expect(verification.body).toEqual({ valid: true, events: story.steps.length });
    });

    it('shows the agreement as it stood before its last step (asOf)', async () => {
      const history = await api.get('auditor', `/api/agreements/${told.agreementId}/history`);
      const beforeLast = history.body.at(-2).at;
      const then = await api.get(
        'auditor',
        `/api/agreements/${told.agreementId}?asOf=${encodeURIComponent(beforeLast)}`,
      );
      expect(then.status).toBe(200);
      expect(then.body).toEqual(told.responses.at(-2)!.body);
      const before = await api.get('auditor', `/api/agreements/${told.agreementId}?asOf=2000-01-01T00:00:00Z`);
      expect(before.status).toBe(404);
      expect(before.body.detail).toBe(
        `Agreement ${told.agreementId} did not exist yet at 2000-01-01T00:00:00Z: it was proposed at ${history.body[0].at}.`,
      );
    });
  });
});
