import { SEED_STORIES } from '@kemitraan/testing';
import { download, readCsv, readXlsx } from '../support/downloads';
import { eventuallyRead } from '../support/eventually';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Each agreement's totals stay below 2^53 (the domain refuses more), but a unit's or a month's
 * sum over several agreements need not: the report must still answer, and with the exact figure.
 */
describe('report totals past 2^53 - 1, over HTTP', () => {
  let api: TestApi;
  const samarinda = SEED_STORIES.find((story) => story.seed.startsWith('004'))!;
  const unit = 'LAPAS-NARKOTIKA-SAMARINDA';
  const exactSum = (2n * MAX_SAFE).toString();

  beforeAll(async () => {
    api = await startTestApi();
    for (let i = 0; i < 2; i++) {
      const { agreementId } = await tellStory(api.post, samarinda);
      const total = (await api.get('auditor', `/api/agreements/${agreementId}`)).body.activities.revenueIdr;
      const filling = await api.post('operatorSamarinda', `/api/agreements/${agreementId}/activities`, {
        date: '2024-06-01',
        kind: 'PRODUCTION',
        title: 'Panen',
        participants: 1,
        revenueIdr: Number.MAX_SAFE_INTEGER - total,
      });
      expect(filling.status).toBe(200);
    }
    await eventuallyRead(
      api,
      '/api/reports/outputs?groupBy=agreement',
      (body) => body.rows.length === 2 && body.rows.every((r: { activities: number }) => r.activities === 4),
    );
  }, 60_000);
  afterAll(() => api.close());

  it('answers the JSON report with the exact integer, not a rounded one', async () => {
    // JSON.parse would round the figures: read the text as it was sent.
    const byUnit = await api.get('auditor', '/api/reports/outputs?groupBy=unit');
    expect(byUnit.status).toBe(200);
    expect(byUnit.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(byUnit.text).toBe(`{"rows":[{"key":"${unit}","activities":8,"participants":100,"revenueIdr":${exactSum}}]}`);
    // June holds the two fillings: each the bound less the seed story's Rp 19,250,000.
    const byMonth = await api.get('auditor', '/api/reports/outputs?groupBy=month');
    expect(byMonth.status).toBe(200);
    expect(byMonth.text).toContain(
      `{"key":"2024-06","activities":2,"participants":2,"revenueIdr":${2n * (MAX_SAFE - 19_250_000n)}}`,
    );
  });

  it('writes the exact integer in the CSV', async () => {
    const csv = await download(api.http, '/api/reports/outputs?groupBy=unit&format=csv');
    expect(csv.status).toBe(200);
    expect(readCsv(csv.body).records).toEqual([[unit, '8', '100', exactSum]]);
  });

  it('writes the exact integer in the workbook as text, which Excel does not round to 15 digits', async () => {
    const xlsx = await download(api.http, '/api/reports/outputs?groupBy=unit&format=xlsx');
    expect(xlsx.status).toBe(200);
    const { records } = await readXlsx(xlsx.body);
    expect(records).toEqual([[unit, 8, 100, exactSum]]);
    const perAgreement = await readXlsx(
      (await download(api.http, '/api/reports/outputs?groupBy=agreement&format=xlsx')).body,
    );
    expect(perAgreement.records.map((r) => r[3])).toEqual([MAX_SAFE.toString(), MAX_SAFE.toString()]);
  });
});
