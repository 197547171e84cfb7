import { LIFECYCLE_VERSION } from '@kemitraan/agreements';
import { SEED_STORIES } from '@kemitraan/testing';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { MAROS_AUDIENSI, MAROS_DRAFT, MAROS_PROPOSAL } from '../support/maros-mou';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const samarinda = SEED_STORIES.find((s) => s.seed.startsWith('004'))!;
const review = (recommendation: string) => ({
  reviewedOn: '2024-12-20',
  period: '2024',
  score: 4,
  findings: 'Produksi konveksi berjalan baik',
  recommendation,
});
const addendum = {
  document: { title: 'Addendum PKS Dewan UKM Kaltim', sha256: '9'.repeat(64) },
  terms: { durationMonths: 12, obligations: [{ party: 'Dewan UKM Kaltim', description: 'Pameran produk tahunan' }] },
  changeNote: 'Addendum: pameran produk',
};
const signing = {
  signedOn: '2025-01-15',
  place: 'Samarinda',
  documentNumber: 'ADD/PKS/2025/01',
  signatories: [
    { name: 'Hidayat', title: 'Kalapas', party: 'Lapas Narkotika Samarinda' },
    { name: 'Andi Fathul Khair', title: 'Ketua', party: 'Dewan UKM Kaltim' },
  ],
  effectiveFrom: '2025-02-01',
  effectiveUntil: '2026-01-31',
};

describe('seed 004 after its first year: amended, run again, then renewed', () => {
  let api: TestApi;
  let id: string;
  const at = (command: string) => `/api/agreements/${id}/${command}`;

  beforeAll(async () => {
    api = await startTestApi();
    id = (await tellStory(api.post, samarinda)).agreementId;
  });
  afterAll(() => api.close());

  it('goes back to drafted on an amendment, the signed draft and its approvals standing until the addendum', async () => {
    expect((await api.post('kalapasSamarinda', at('reviews'), review('AMEND'))).body.state).toBe('reviewed');
    const amended = await api.post('operatorSamarinda', at('amendment'), { reason: 'Tambah pameran produk' });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({
      state: 'drafted',
      draftVersion: 1,
      draft: { version: 1, signed: true },
      missingApprovals: [],
      allowed: ['drafts', 'termination'],
    });
    // As the history shows them: the amendment voids no approval, the addendum's draft will.
    const history = await api.get('auditor', at('history'));
    const approved = history.body.filter((e: { type: string }) => e.type === 'DraftApproved');
    expect(amended.body.approvals.map((a: { step: string }) => a.step)).toEqual(
      approved.map((e: { data: { step: string } }) => e.data.step),
    );
    expect(approved).toHaveLength(2);

    const stale = await api.post('kalapasSamarinda', at('approvals'), {
      draftVersion: 1,
      step: 'UPT_HEAD',
      decision: 'APPROVE',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('no-draft-awaiting-approval');
    const again = await api.post('kalapasSamarinda', at('signing'), signing);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/no-draft-awaiting-signing',
      currentDraftVersion: 1,
      state: 'drafted',
      allowed: ['drafts', 'termination'],
    });
    expect((await api.get('auditor', `/api/agreements/${id}`)).body.version).toBe(amended.body.version);
  });

  it('needs every approval of the addendum once its draft is submitted, then signs it and runs again', async () => {
    const drafted = await api.post('operatorSamarinda', at('drafts'), addendum);
    expect(drafted.body).toMatchObject({ draftVersion: 2, approvals: [], missingApprovals: ['UPT_HEAD', 'LEGAL'] });
    expect((await api.post('kalapasSamarinda', at('signing'), signing)).body.missing).toEqual(['UPT_HEAD', 'LEGAL']);
    await api.post('kalapasSamarinda', at('approvals'), { draftVersion: 2, step: 'UPT_HEAD', decision: 'APPROVE' });
    await api.post('legalKaltim', at('approvals'), { draftVersion: 2, step: 'LEGAL', decision: 'APPROVE' });
    const signed = await api.post('kakanwilKaltim', at('signing'), signing);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      state: 'signed',
      signing: { draftVersion: 2, documentNumber: 'ADD/PKS/2025/01' },
    });
    expect((await api.post('kalapasSamarinda', at('execution'), { startedOn: '2025-02-01' })).body.state).toBe(
      'inExecution',
    );
    expect(
      (
        await api.post('operatorSamarinda', at('activities'), {
          date: '2025-03-01',
          kind: 'TRAINING',
          title: 'Pelatihan jahit',
          participants: 12,
        })
      ).body.activities,
    ).toEqual({ count: 4, participants: 61, revenueIdr: 19_250_000 });
  });

  it('renews: the agreement closes and its successor is proposed with renewalOf', async () => {
    await api.post('kalapasSamarinda', at('reviews'), review('RENEW'));
    const renewed = await api.post('kalapasSamarinda', at('renewal'), { title: 'PKS Dewan UKM Kaltim 2026' });
    expect(renewed.status).toBe(201);
    const successor = renewed.body;
    expect(successor).toMatchObject({
      state: 'proposed',
      version: 1,
      renewalOf: id,
      title: 'PKS Dewan UKM Kaltim 2026',
      kind: 'PKS',
    });
    expect(renewed.headers.location).toBe(`/api/agreements/${successor.id}`);

    const closed = await api.get('auditor', `/api/agreements/${id}`);
    expect(closed.body).toMatchObject({ state: 'closed', renewedBy: successor.id, allowed: [] });
    const history = await api.get('auditor', `/api/agreements/${successor.id}/history`);
    expect(history.body[0]).toMatchObject({ type: 'AgreementProposed', actor: { sub: 'kalapas-narkotika-smd' } });
    // Every fact of both, decided again by the rules, as /verification does.
    for (const agreement of [id, successor.id]) {
      expect((await api.get('auditor', `/api/agreements/${agreement}/verification`)).body.valid).toBe(true);
    }
  });

  it('refuses every command once closed', async () => {
    const refused = await api.post('kalapasSamarinda', at('continuation'), {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ state: 'closed', allowed: [] });
  });
});

describe('seed 004 amended, then its addendum abandoned: the agreement in force is terminated', () => {
  let api: TestApi;
  let id: string;
  const at = (command: string) => `/api/agreements/${id}/${command}`;
  const pendingIds = async (): Promise<string[]> =>
    (await api.get('auditor', '/api/reports/pending-approvals')).body.rows.map(
      (row: { agreementId: string }) => row.agreementId,
    );

  beforeAll(async () => {
    api = await startTestApi();
    id = (await tellStory(api.post, samarinda)).agreementId;
    await api.post('kalapasSamarinda', at('reviews'), review('AMEND'));
    await api.post('operatorSamarinda', at('amendment'), { reason: 'Tambah pameran produk' });
    await api.post('operatorSamarinda', at('drafts'), addendum);
  });
  afterAll(() => api.close());

  it('offers termination and not withdrawal while the addendum is drafted', async () => {
    const amended = await api.get('auditor', `/api/agreements/${id}`);
    expect(amended.body).toMatchObject({ state: 'drafted', draftVersion: 2 });
    expect(amended.body.allowed).toEqual(['drafts', 'approvals', 'signing', 'termination']);
    await eventually(pendingIds, (ids) => ids.includes(id));
  });

  it('refuses withdrawal, writing nothing, and says why', async () => {
    const before = (await api.get('auditor', at('history'))).body.length;
    const refused = await api.post('operatorSamarinda', at('withdrawal'), { reason: 'Addendum batal' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: '/problems/already-signed',
      signedOn: '2024-02-01',
      state: 'drafted',
      allowed: ['drafts', 'approvals', 'signing', 'termination'],
    });
    expect((await api.get('auditor', at('history'))).body).toHaveLength(before);
  });

  it('refuses to terminate a draft never signed, saying the state and what it allows, writing nothing', async () => {
    const { id: draftOnly } = (await api.post('operatorMaros', '/api/agreements', MAROS_PROPOSAL)).body;
    await api.post('kalapasMaros', `/api/agreements/${draftOnly}/audiensi`, MAROS_AUDIENSI);
    await api.post('operatorMaros', `/api/agreements/${draftOnly}/drafts`, MAROS_DRAFT);
    const refused = await api.post('kalapasMaros', `/api/agreements/${draftOnly}/termination`, { reason: 'Batal' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: '/problems/never-signed',
      state: 'drafted',
      allowed: ['drafts', 'approvals', 'signing', 'withdrawal'],
    });
    expect((await api.get('auditor', `/api/agreements/${draftOnly}`)).body.version).toBe(3);
  });

  it('terminates it, and the addendum no longer waits for approval', async () => {
    const terminated = await api.post('kalapasSamarinda', at('termination'), { reason: 'Mitra berhenti beroperasi' });
    expect(terminated.status).toBe(200);
    expect(terminated.body).toMatchObject({
      state: 'terminated',
      allowed: [],
      ending: { reason: 'Mitra berhenti beroperasi' },
    });
    const history = (await api.get('auditor', at('history'))).body;
    expect(history.at(-1)).toMatchObject({ type: 'AgreementTerminated', machineVersion: LIFECYCLE_VERSION });
    await eventually(pendingIds, (ids) => !ids.includes(id));
    expect((await api.get('auditor', at('verification'))).body).toEqual({ valid: true, events: history.length });
  });
});
