import { startTestApi, type TestApi } from '../support/test-api';
import { eventually } from '@kemitraan/event-store/testing/contract';

const proposal = (title: string, partner: string) => ({
  title,
  kind: 'PKS',
  units: ['LAPAS-MAROS'],
  partners: [{ name: partner, type: 'NGO' }],
  scope: ['Pelatihan'],
  programs: ['PELATIHAN_KERJA'],
});

/**
 * `q` on a database whose collation folds ASCII letters only (`C`, which an embedded cluster
 * gets where no UTF-8 locale is set): every word, any case, any order, in the title or a partner.
 */
describe('GET /api/agreements?q= on a database of the C locale', () => {
  let api: TestApi;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi({}, { locale: 'C' });
    const made = [
      ['ecole', 'PELATIHAN ÉCOLE ÑANDÚ', 'YAYASAN ÇAHAYA'],
      ['koperasi', 'PKS Dinas Koperasi UKM Kabupaten Maros', 'Dinas Koperasi UKM Maros'],
      ['jaya', 'Pelatihan Las', 'PT Sinar Jaya'],
    ] as const;
    for (const [key, title, partner] of made) {
      const answer = await api.post('operatorMaros', '/api/agreements', proposal(title, partner));
      expect(answer.status).toBe(201);
      ids[key] = answer.body.id;
    }
    const listed = await eventually(
      async () => (await api.get('auditor', '/api/agreements')).body.total,
      (total) => total === 3,
    );
    expect(listed).toBe(3);
  }, 60_000);
  afterAll(() => api.close());

  it.each([
    ['ñandú', ['ecole']],
    ['ÉCOLE', ['ecole']],
    ['école pelatihan', ['ecole']],
    ['çahaya', ['ecole']],
    ['Koperasi Maros', ['koperasi']],
    ['maros   koperasi', ['koperasi']],
    ['  maros ', ['koperasi']],
    ['pelatihan jaya', ['jaya']],
    ['pelatihan', ['ecole', 'jaya']],
    ['las\nPT', ['jaya']],
    ['koperasi jaya', []],
  ])('finds %j in %j', async (q, keys) => {
    const page = await api.get('auditor', `/api/agreements?q=${encodeURIComponent(q)}`);
    expect(page.status).toBe(200);
    expect(page.body.items.map((a: { id: string }) => a.id).sort()).toEqual(keys.map((k) => ids[k]).sort());
    expect(page.body.total).toBe(keys.length);
  });

  it('finds a row written before its search text was folded, by its ASCII capitals in any case', async () => {
    // As rows of an older release hold it: the names as written, capitals and all.
    await api.db.pool.query(
      `update projection_rows set row = jsonb_set(row, '{search}', to_jsonb($2::text))
        where projection = 'agreements' and key = $1`,
      [ids.koperasi, 'PKS Dinas KOPERASI UKM Kabupaten Maros\nDinas Koperasi UKM Maros'],
    );
    const page = await api.get('auditor', `/api/agreements?q=${encodeURIComponent('koperasi KABUPATEN')}`);
    expect(page.body.items.map((a: { id: string }) => a.id)).toEqual([ids.koperasi]);
  });

  it('refuses more than ten words, with one message', async () => {
    const q = Array.from({ length: 11 }, (_, i) => `kata${i}`).join(' ');
    const answer = await api.get('auditor', `/api/agreements?q=${encodeURIComponent(q)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'q', message: 'q must be at most 10 words' }]);
    const ten = await api.get('auditor', `/api/agreements?q=${encodeURIComponent(q.split(' ').slice(1).join(' '))}`);
    expect(ten.status).toBe(200);
  });
});
