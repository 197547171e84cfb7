import { SEED_STORIES } from '@kemitraan/testing';
import { download, readCsv, readXlsx } from '../support/downloads';
import { eventuallyRead } from '../support/eventually';
import { inForceForAYear } from '../support/in-force';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

/** Every register key of the seeds, counted from the stories themselves. */
function expectedRegister(key: (body: any, finalState: string) => string[]) {
  const counts = new Map<string, number>();
  for (const story of SEED_STORIES) {
    for (const k of new Set(key(story.steps[0]!.body, story.finalState))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, count]) => ({ key: k, count }));
}

const seedsWhere = (test: (body: any) => boolean) =>
  SEED_STORIES.filter((story) => test(story.steps[0]!.body)).map((story) => story.seed.slice(0, 3));

const mentions = (body: any, words: string) =>
  [body.title, ...body.partners.map((p: { name: string }) => p.name)].some((text: string) =>
    text.toLowerCase().includes(words),
  );

describe('read models and reports, over HTTP, from the five seed stories', () => {
  let api: TestApi;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    api = await startTestApi();
    // Every story as its article tells it, but Sapalindo's agreement kept in force for the expiring report.
    for (const story of SEED_STORIES) {
      const told = story.seed.startsWith('000') ? inForceForAYear(story) : story;
      ids.set(story.seed.slice(0, 3), (await tellStory(api.post, told)).agreementId);
    }
    const events = SEED_STORIES.reduce((sum, story) => sum + story.steps.length, 0);
    await eventuallyRead(api, '/api/admin/projections', (body) =>
      body.every((p: { eventsRead: number }) => p.eventsRead === events),
    );
  }, 60_000);
  afterAll(() => api.close());

  describe('GET /api/agreements', () => {
    it('lists every agreement as its summary, newest first, with the total', async () => {
      const page = await api.get('auditor', '/api/agreements');
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      expect(page.body.items.map((a: { id: string }) => a.id)).toEqual([...ids.values()].reverse());
      const samarinda = await api.get('auditor', `/api/agreements/${ids.get('004')}`);
      expect(page.body.items[0]).toEqual(samarinda.body);
    });

    it.each([
      ['state=signed', ['000', '001']],
      ['unit=LAPAS-MAROS', ['000', '002']],
      ['kanwil=KANWIL-KALTIM', ['004']],
      ['partnerType=COOPERATIVE', ['000']],
      ['program=PEMASARAN', seedsWhere((body) => body.programs.includes('PEMASARAN'))],
      ['q=dewan ukm', ['004']],
      ['q=KOPERASI', seedsWhere((body) => mentions(body, 'koperasi'))],
      ['q=makassar&state=drafted', ['003']],
      ['state=closed', []],
    ])('filters by %s', async (query, seeds) => {
      const page = await api.get('auditor', `/api/agreements?${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.map((a: { id: string }) => a.id).sort()).toEqual(seeds.map((s) => ids.get(s)).sort());
      expect(page.body.total).toBe(seeds.length);
    });

    it('pages with limit and offset, counting every match in total', async () => {
      const all = (await api.get('auditor', '/api/agreements')).body.items.map((a: { id: string }) => a.id);
      const first = await api.get('auditor', '/api/agreements?limit=2');
      const second = await api.get('auditor', '/api/agreements?limit=2&offset=2');
      const past = await api.get('auditor', '/api/agreements?offset=10');
      expect([first.body.total, second.body.total, past.body.total]).toEqual([5, 5, 5]);
      expect([...first.body.items, ...second.body.items].map((a: { id: string }) => a.id)).toEqual(all.slice(0, 4));
      expect(past.body.items).toEqual([]);
    });

    it.each(['limit=0', 'limit=1001', 'limit=abc', 'offset=-1', 'state=archived', 'partnerType=PERSON', 'color=red'])(
      'refuses %s with a 400 problem naming the field',
      async (query) => {
        const answer = await api.get('auditor', `/api/agreements?${query}`);
        expect(answer.status).toBe(400);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(query.split('=')[0]);
      },
    );

    it.each(['limit=abc', 'limit=0', 'limit=1001', 'limit=2.5'])(
      'says what %s breaks in one message, not one for each of its rules',
      async (query) => {
        const answer = await api.get('auditor', `/api/agreements?${query}`);
        expect(answer.body.errors).toEqual([
          { field: 'limit', message: 'limit must be a whole number written in digits, from 1 to 1,000' },
        ]);
      },
    );

    it('needs a token', async () => {
      expect((await api.http.get('/api/agreements')).status).toBe(401);
    });
  });

  describe('GET /api/reports/register', () => {
    it.each([
      ['unit', (body: any) => body.units],
      ['partnerType', (body: any) => body.partners.map((p: { type: string }) => p.type)],
      ['program', (body: any) => body.programs],
      ['state', (_body: any, state: string) => [state]],
    ])('counts agreements by %s', async (groupBy, key) => {
      const report = await api.get('auditor', `/api/reports/register?groupBy=${groupBy}`);
      expect(report.status).toBe(200);
      expect(report.body).toEqual({ rows: expectedRegister(key) });
    });

    it('counts agreements by Kanwil', async () => {
      const report = await api.get('auditor', '/api/reports/register?groupBy=kanwil');
      expect(report.body.rows).toEqual([
        { key: 'KANWIL-KALTIM', count: 1 },
        { key: 'KANWIL-SULSEL', count: 4 },
      ]);
    });

    it('counts signed agreements by the year of signing, the others by the year proposed', async () => {
      const thisYear = String(new Date().getUTCFullYear());
      const report = await api.get('auditor', '/api/reports/register?groupBy=year');
      const rows = new Map(report.body.rows.map((r: { key: string; count: number }) => [r.key, r.count]));
      expect(rows.get(thisYear)).toBe(2);
      expect([...rows.values()].reduce((a: number, b) => a + (b as number), 0)).toBe(5);
    });

    it('groups by unit when not told otherwise', async () => {
      expect((await api.get('auditor', '/api/reports/register')).body).toEqual({
        rows: expectedRegister((body) => body.units),
      });
    });
  });

  describe('GET /api/reports/pipeline', () => {
    it('counts agreements in every state, and gives each stage its median and samples', async () => {
      const report = await api.get('auditor', '/api/reports/pipeline');
      expect(report.status).toBe(200);
      const counts = Object.fromEntries(
        report.body.states.map((s: { state: string; count: number }) => [s.state, s.count]),
      );
      expect(counts).toEqual({
        proposed: 0,
        audiensiHeld: 1,
        drafted: 1,
        signed: 2,
        inExecution: 1,
        reviewed: 0,
        closed: 0,
        withdrawn: 0,
        terminated: 0,
      });
      expect(report.body.stages).toEqual(
        expect.arrayContaining([
          { from: 'proposed', to: 'audiensiHeld', medianDays: expect.any(Number), samples: 5 },
          { from: 'drafted', to: 'signed', medianDays: expect.any(Number), samples: 3 },
          { from: 'proposed', to: 'signed', medianDays: expect.any(Number), samples: 3 },
          { from: 'signed', to: 'inExecution', medianDays: expect.any(Number), samples: 1 },
        ]),
      );
      for (const stage of report.body.stages) expect(stage.medianDays).toBeGreaterThanOrEqual(0);
    });
  });

  describe('GET /api/reports/pending-approvals', () => {
    it('lists the steps the Makassar MoU draft 2 waits for', async () => {
      const report = await api.get('auditor', '/api/reports/pending-approvals');
      expect(report.status).toBe(200);
      expect(report.body.rows).toEqual([
        {
          agreementId: ids.get('003'),
          title: expect.any(String),
          draftVersion: 2,
          step: 'KANWIL_HEAD',
          waitingDays: 0,
        },
        { agreementId: ids.get('003'), title: expect.any(String), draftVersion: 2, step: 'LEGAL', waitingDays: 0 },
      ]);
    });
  });

  describe('GET /api/reports/expiring', () => {
    it('lists signed or running agreements ending within the window, with the days left', async () => {
      const sapalindo = (await api.get('auditor', `/api/agreements/${ids.get('000')}`)).body;
      const until = sapalindo.signing.effectiveUntil as string;
      // Today in Jakarta (UTC+7), the reports' calendar by default.
      const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
      const daysLeft = Math.round((Date.parse(until) - Date.parse(today)) / 86_400_000);
      const wide = await api.get('auditor', `/api/reports/expiring?withinDays=${daysLeft}`);
      expect(wide.body.rows).toContainEqual({
        agreementId: ids.get('000'),
        title: sapalindo.title,
        effectiveUntil: until,
        daysLeft,
      });
      for (const row of wide.body.rows) expect(row.daysLeft).toBeLessThanOrEqual(daysLeft);
      const narrow = await api.get('auditor', `/api/reports/expiring?withinDays=${daysLeft - 1}`);
      expect(narrow.body.rows.map((r: { agreementId: string }) => r.agreementId)).not.toContain(ids.get('000'));
    });

    it('looks 90 days ahead when not told, and refuses a negative window', async () => {
      expect((await api.get('auditor', '/api/reports/expiring')).status).toBe(200);
      expect((await api.get('auditor', '/api/reports/expiring?withinDays=-1')).status).toBe(400);
    });
  });

  describe('GET /api/reports/outputs', () => {
    it('totals the Samarinda activities by agreement, by unit and by month', async () => {
      const total = { activities: 3, participants: 49, revenueIdr: 19_250_000 };
      expect((await api.get('auditor', '/api/reports/outputs?groupBy=agreement')).body.rows).toEqual([
        { key: ids.get('004'), ...total },
      ]);
      expect((await api.get('auditor', '/api/reports/outputs?groupBy=unit')).body.rows).toEqual([
        { key: 'LAPAS-NARKOTIKA-SAMARINDA', ...total },
      ]);
      expect((await api.get('auditor', '/api/reports/outputs?groupBy=month')).body.rows).toEqual([
        { key: '2024-03', activities: 1, participants: 25, revenueIdr: 0 },
        { key: '2024-04', activities: 1, participants: 18, revenueIdr: 15_000_000 },
        { key: '2024-05', activities: 1, participants: 6, revenueIdr: 4_250_000 },
      ]);
    });
  });

  describe('downloads', () => {
    const reports = [
      '/api/reports/register?groupBy=unit',
      '/api/reports/register?groupBy=year',
      '/api/reports/pipeline',
      '/api/reports/pending-approvals',
      '/api/reports/expiring?withinDays=3650',
      '/api/reports/outputs?groupBy=month',
      '/api/reports/outputs?groupBy=agreement',
    ];

    it.each(reports)('%s as CSV holds the same rows, under Indonesian headings', async (path) => {
      const json = await api.get('auditor', path);
      const csv = await download(api.http, `${path}${path.includes('?') ? '&' : '?'}format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="kemitraan-[a-z-]+\.csv"$/);
      const { header, records } = readCsv(csv.body);
      expect(header.join()).toMatch(/Jumlah|Judul|Bulan|Bagian/);
      const rows = json.body.rows ?? [...json.body.states, ...json.body.stages];
      expect(records).toHaveLength(rows.length);
      expect(records.map((r) => r[0])).toEqual(
        rows.map((r: any) => r.key ?? r.agreementId ?? (r.state ? 'Jumlah per status' : 'Lama tahap')),
      );
    });

    it.each(reports)('%s as an Excel workbook holds the same rows, numbers as numbers', async (path) => {
      const json = await api.get('auditor', path);
      const xlsx = await download(api.http, `${path}${path.includes('?') ? '&' : '?'}format=xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const { records } = await readXlsx(xlsx.body);
      const rows = json.body.rows ?? [...json.body.states, ...json.body.stages];
      expect(records).toHaveLength(rows.length);
    });

    it('writes rupiah as whole numbers in both formats', async () => {
      const csv = readCsv((await download(api.http, '/api/reports/outputs?groupBy=unit&format=csv')).body);
      expect(csv.header).toEqual(['Kode Unit', 'Jumlah Kegiatan', 'Peserta WBP', 'Pendapatan (Rp)']);
      expect(csv.records).toEqual([['LAPAS-NARKOTIKA-SAMARINDA', '3', '49', '19250000']]);
      const xlsx = await readXlsx((await download(api.http, '/api/reports/outputs?groupBy=unit&format=xlsx')).body);
      expect(xlsx.header).toEqual(['Kode Unit', 'Jumlah Kegiatan', 'Peserta WBP', 'Pendapatan (Rp)']);
      expect(xlsx.records).toEqual([['LAPAS-NARKOTIKA-SAMARINDA', 3, 49, 19_250_000]]);
    });

    it('writes dates as dates in the workbook', async () => {
      const xlsx = await readXlsx((await download(api.http, '/api/reports/expiring?withinDays=3650&format=xlsx')).body);
      expect(xlsx.records.length).toBeGreaterThan(0);
      for (const record of xlsx.records) expect(record[2]).toBeInstanceOf(Date);
    });

    it('refuses a format it does not know', async () => {
      expect((await api.get('auditor', '/api/reports/pipeline?format=pdf')).status).toBe(400);
    });
  });

  describe('freshness', () => {
    it('shows a newly recorded activity in the reports without any rebuild', async () => {
      const activity = {
        date: '2024-06-10',
        kind: 'MARKETING',
        title: 'Pameran produk',
        participants: 4,
        revenueIdr: 1_000_000,
      };
      const recorded = await api.post('operatorSamarinda', `/api/agreements/${ids.get('004')}/activities`, activity);
      expect(recorded.status).toBe(200);
      const report = await eventuallyRead(api, '/api/reports/outputs?groupBy=month', (body) =>
        body.rows.some((r: { key: string }) => r.key === '2024-06'),
      );
      expect(report.rows.at(-1)).toEqual({ key: '2024-06', activities: 1, participants: 4, revenueIdr: 1_000_000 });
    });

    /** The list's summary of an agreement, once it shows `version`: it must be the agreement's own read. */
    async function listedAt(id: string, version: number) {
      const page = await eventuallyRead(api, '/api/agreements', (body) =>
        body.items.some((a: { id: string; version: number }) => a.id === id && a.version === version),
      );
      return page.items.find((a: { id: string }) => a.id === id);
    }

    it('lists the agreement after that activity exactly as its own read shows it (totals, version, time)', async () => {
      const own = await api.get('auditor', `/api/agreements/${ids.get('004')}`);
      expect(own.body.activities.count).toBe(4);
      expect(await listedAt(ids.get('004')!, own.body.version)).toEqual(own.body);
    });

    it('and after a review that follows its activities', async () => {
      const reviewed = await api.post('kalapasSamarinda', `/api/agreements/${ids.get('004')}/reviews`, {
        reviewedOn: '2024-07-01',
        period: '2024-S1',
        score: 4,
        findings: 'Berjalan baik',
        recommendation: 'CONTINUE',
      });
      expect(reviewed.status).toBe(200);
      const own = await api.get('auditor', `/api/agreements/${ids.get('004')}`);
      expect(own.body.state).toBe('reviewed');
      expect(await listedAt(ids.get('004')!, own.body.version)).toEqual(own.body);
    });
  });
});
