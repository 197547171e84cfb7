import { MAROS_PROPOSAL } from '../support/maros-mou';
import { SEED_STORIES } from '@kemitraan/testing';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
const activity = (n: number) => ({
  date: '2024-06-01',
  kind: 'PRODUCTION',
  title: `Produksi batch ${n}`,
  participants: n,
  revenueIdr: 1000 * n,
});

describe('concurrent writers, preconditions and retries', () => {
  let api: TestApi;
  let id: string;
  const activities = () => `/api/agreements/${id}/activities`;
  const read = async () => (await api.get('auditor', `/api/agreements/${id}`)).body;

  beforeAll(async () => {
    api = await startTestApi();
    id = (await tellStory(api.post, samarinda)).agreementId;
  });
  afterAll(() => api.close());

  it('loses none of 20 parallel writers on one agreement', async () => {
    const before = await read();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post('operatorSamarinda', activities(), activity(i + 1))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const versions = responses.map((r) => r.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => before.version + i + 1));

    const after = await read();
    expect(after.version).toBe(before.version + 20);
    expect(after.activities.count).toBe(before.activities.count + 20);
    expect(after.activities.participants).toBe(before.activities.participants + 210);
    const history = (await api.get('auditor', `/api/agreements/${id}/history`)).body;
    const titles = history
      .filter((e: { type: string }) => e.type === 'ActivityRecorded')
      .map((e: { data: { title: string } }) => e.data.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect((await api.get('auditor', `/api/agreements/${id}/verification`)).body.valid).toBe(true);
  });

  it('applies a command whose If-Match names the current version', async () => {
    const { version } = await read();
    const response = await api.post('operatorSamarinda', activities(), activity(100), { 'If-Match': `"${version}"` });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(`"${version + 1}"`);
  });

  it('answers 412 to a stale If-Match and writes nothing', async () => {
    const { version } = await read();
    const response = await api.post('operatorSamarinda', activities(), activity(101), {
      'If-Match': `"${version - 1}"`,
    });
    expect(response.status).toBe(412);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await read()).version).toBe(version);
  });

  it('compares If-Match as text, strongly: a tag that only means the same number writes nothing', async () => {
    const { version } = await read();
    for (const ifMatch of [`"0${version}"`, `"${version}`, `${version}"`, `W/"${version}"`, `"${version}", "999"`]) {
      const refused = await api.post('operatorSamarinda', activities(), activity(150), { 'If-Match': ifMatch });
      expect([ifMatch, refused.status]).toEqual([ifMatch, 412]);
    }
    expect((await read()).version).toBe(version);
  });

  it('refuses If-Match on a proposal, which creates what it would match (412, nothing written)', async () => {
    for (const ifMatch of ['"1"', '*']) {
      const refused = await api.post('operatorMaros', '/api/agreements', MAROS_PROPOSAL, { 'If-Match': ifMatch });
      expect([ifMatch, refused.status, refused.body.type]).toEqual([ifMatch, 412, '/problems/precondition-failed']);
    }
  });

  it('lets only one of many writers holding the same If-Match win', async () => {
    const { version } = await read();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.post('operatorSamarinda', activities(), activity(200 + i), { 'If-Match': `"${version}"` }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(7);
    expect((await read()).version).toBe(version + 1);
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first response and writes nothing', async () => {
      const headers = { 'Idempotency-Key': 'activity-2024-07-01-a' };
      const first = await api.post('operatorSamarinda', activities(), activity(300), headers);
      const retry = await api.post('operatorSamarinda', activities(), activity(300), headers);
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect((await read()).version).toBe(first.body.version);
    });

    it('answers a retry with the first response even after later commands moved the agreement', async () => {
      const headers = { 'Idempotency-Key': 'activity-2024-07-01-d' };
      const first = await api.post('operatorSamarinda', activities(), activity(304), headers);
      const later = await api.post('operatorSamarinda', activities(), activity(305));
      const retry = await api.post('operatorSamarinda', activities(), activity(304), headers);
      expect(later.body.version).toBe(first.body.version + 1);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect((await read()).version).toBe(later.body.version);
    });

    it('answers a retry through the agreement id written in capitals with the first response', async () => {
      const headers = { 'Idempotency-Key': 'activity-2024-07-01-e' };
      const first = await api.post('operatorSamarinda', activities(), activity(306), headers);
      const upper = `/api/agreements/${id.toUpperCase()}/activities`;
      const retry = await api.post('operatorSamarinda', upper, activity(306), headers);
      expect([first.status, retry.status]).toEqual([200, 200]);
      expect(retry.body).toEqual(first.body);
      expect((await read()).version).toBe(first.body.version);
    });

    it('answers 422 when the key comes back with another body', async () => {
      const headers = { 'Idempotency-Key': 'activity-2024-07-01-b' };
      const first = await api.post('operatorSamarinda', activities(), activity(301), headers);
      const other = await api.post('operatorSamarinda', activities(), activity(302), headers);
      expect(other.status).toBe(422);
      expect((await read()).version).toBe(first.body.version);
    });

    it('writes once when the same keyed request arrives many times at once', async () => {
      const { version } = await read();
      const headers = { 'Idempotency-Key': 'activity-2024-07-01-c' };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => api.post('operatorSamarinda', activities(), activity(303), headers)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(new Set(responses.map((r) => r.body.version))).toEqual(new Set([version + 1]));
      expect((await read()).version).toBe(version + 1);
    });

    it('creates one agreement when a proposal is retried', async () => {
      const headers = { 'Idempotency-Key': 'proposal-samarinda-2026' };
      const proposal = samarinda.steps[0]!.body;
      const first = await api.post('operatorSamarinda', '/api/agreements', proposal, headers);
      const retry = await api.post('operatorSamarinda', '/api/agreements', proposal, headers);
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.headers.location).toBe(first.headers.location);
    });

    it('keeps keys apart between users', async () => {
      const headers = { 'Idempotency-Key': 'shared-key' };
      const a = await api.post('operatorSamarinda', activities(), activity(400), headers);
      const b = await api.post(
        'kalapasSamarinda',
        `/api/agreements/${id}/reviews`,
        { reviewedOn: '2024-12-01', period: '2024', score: 4, findings: 'Baik', recommendation: 'CONTINUE' },
        headers,
      );
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(b.body.version).toBe(a.body.version + 1);
    });
  });
});
