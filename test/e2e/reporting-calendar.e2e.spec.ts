import { SEED_STORIES } from '@kemitraan/testing';
import { eventuallyRead } from '../support/eventually';
import { inForceForAYear } from '../support/in-force';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const DAY_MS = 86_400_000;
/** The calendar day at a fixed offset from UTC, computed without the server's code. */
const dayAtOffset = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

async function daysLeftOfSapalindo(api: TestApi): Promise<{ until: string; daysLeft: number }> {
  const story = inForceForAYear(SEED_STORIES.find((s) => s.seed.startsWith('000'))!);
  const { agreementId } = await tellStory(api.post, story);
  const until = (await api.get('auditor', `/api/agreements/${agreementId}`)).body.signing.effectiveUntil as string;
  const body = await eventuallyRead(api, '/api/reports/expiring?withinDays=36500', (rows) =>
    rows.rows.some((r: { agreementId: string }) => r.agreementId === agreementId),
  );
  const row = body.rows.find((r: { agreementId: string }) => r.agreementId === agreementId);
  return { until, daysLeft: row.daysLeft };
}

describe("the expiring report counts from today's date where the institutions are", () => {
  let api: TestApi | undefined;
  afterEach(() => api?.close());

  it('in Western Indonesian Time (UTC+7) unless told otherwise', async () => {
    api = await startTestApi();
    const { until, daysLeft } = await daysLeftOfSapalindo(api);
    expect(daysLeft).toBe(daysBetween(dayAtOffset(7), until));
  }, 60_000);

  it('in the zone REPORT_TIME_ZONE names', async () => {
    // At any hour one of these two zones is on another day than UTC, so the report must read the
    // zone: UTC+14 from 10:00 UTC, UTC-12 (Etc/GMT+12, whose sign is POSIX's) before 12:00 UTC.
    const ahead = new Date().getUTCHours() >= 10;
    api = await startTestApi({ REPORT_TIME_ZONE: ahead ? 'Pacific/Kiritimati' : 'Etc/GMT+12' });
    const { until, daysLeft } = await daysLeftOfSapalindo(api);
    expect(daysLeft).toBe(daysBetween(dayAtOffset(ahead ? 14 : -12), until));
  }, 60_000);
});
