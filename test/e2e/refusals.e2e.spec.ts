import { SignJWT, UnsecuredJWT } from 'jose';
import type { Actor } from '@kemitraan/agreements';
import { ACTORS, SEED_STORIES, type ActorKey } from '@kemitraan/testing';
import { TEST_JWT_SECRET, tokenFor } from '@kemitraan/testing/http/tokens';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';
import {
  MAROS_AUDIENSI as AUDIENSI,
  MAROS_DRAFT as DRAFT,
  MAROS_PROPOSAL as PROPOSAL,
  MAROS_SIGNING as SIGNING,
} from '../support/maros-mou';

const BOTH_HATS = {
  sub: 'dual-maros',
  name: 'Staf Merangkap',
  roles: ['operator', 'upt_head'],
  unit: 'LAPAS-MAROS',
} as const;

describe('refusals: nothing is written when a command fails', () => {
  let api: TestApi;
  let proposed: string;
  let drafted: string;

  const versionOf = async (id: string) => (await api.get('auditor', `/api/agreements/${id}/history`)).body.length;
  const refusedWithoutWrite = async (
    id: string,
    call: () => Promise<{ status: number; body: any; headers: any }>,
    status: number,
  ) => {
    const before = await versionOf(id);
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(await versionOf(id)).toBe(before);
    return response.body;
  };

  beforeAll(async () => {
    api = await startTestApi();
    proposed = (await api.post('operatorMaros', '/api/agreements', PROPOSAL)).body.id;
    drafted = (await api.post(BOTH_HATS, '/api/agreements', PROPOSAL)).body.id;
    await api.post('kalapasMaros', `/api/agreements/${drafted}/audiensi`, AUDIENSI);
    await api.post(BOTH_HATS, `/api/agreements/${drafted}/drafts`, DRAFT);
  });
  afterAll(() => api.close());

  describe('409: the lifecycle refuses', () => {
    it('a command the state does not allow, with the state and what it allows', async () => {
      const body = await refusedWithoutWrite(
        proposed,
        () => api.post('operatorMaros', `/api/agreements/${proposed}/drafts`, DRAFT),
        409,
      );
      expect(body).toMatchObject({ state: 'proposed', allowed: ['audiensi', 'withdrawal'] });
    });

    it('signing before every approval, listing the missing steps', async () => {
      const body = await refusedWithoutWrite(
        drafted,
        () => api.post('kalapasMaros', `/api/agreements/${drafted}/signing`, SIGNING),
        409,
      );
      expect(body.missing).toEqual(['UPT_HEAD', 'LEGAL', 'KANWIL_HEAD']);
    });

    it('an approval of a draft version that is not the current one', async () => {
      const body = await refusedWithoutWrite(
        drafted,
        () =>
          api.post('legalSulsel', `/api/agreements/${drafted}/approvals`, {
            draftVersion: 2,
            step: 'LEGAL',
            decision: 'APPROVE',
          }),
        409,
      );
      expect(body).toMatchObject({ reason: 'not-current-draft-version', currentDraftVersion: 1 });
    });

    it('signing while a step stays declined: not offered, and refused with the steps declined', async () => {
      const id = (await api.post('operatorMaros', '/api/agreements', PROPOSAL)).body.id;
      await api.post('kalapasMaros', `/api/agreements/${id}/audiensi`, AUDIENSI);
      await api.post('operatorMaros', `/api/agreements/${id}/drafts`, DRAFT);
      const decline = { draftVersion: 1, step: 'LEGAL', decision: 'DECLINE', note: 'Pasal 5 belum sesuai' };
      expect((await api.post('legalSulsel', `/api/agreements/${id}/approvals`, decline)).status).toBe(200);
      const allowed = ['drafts', 'approvals', 'withdrawal'];
      expect((await api.get('auditor', `/api/agreements/${id}`)).body.allowed).toEqual(allowed);
      const body = await refusedWithoutWrite(
        id,
        () => api.post('kalapasMaros', `/api/agreements/${id}/signing`, SIGNING),
        409,
      );
      expect(body).toMatchObject({
        type: '/problems/approvals-missing',
        missing: ['UPT_HEAD', 'LEGAL', 'KANWIL_HEAD'],
        declined: ['LEGAL'],
        state: 'drafted',
        allowed,
      });
    });

    it('an activity that would take the revenue total past 2^53 - 1, which no figure holds exactly', async () => {
      const samarinda = SEED_STORIES.find((story) => story.seed.startsWith('004'))!;
      const { agreementId } = await tellStory((as, path, body) => api.post(as, path, body), samarinda);
      const path = `/api/agreements/${agreementId}/activities`;
      const activity = { date: '2024-06-01', kind: 'PRODUCTION', title: 'Panen', participants: 1 };
      const total = (await api.get('auditor', `/api/agreements/${agreementId}`)).body.activities.revenueIdr;
      const filling = await api.post('operatorSamarinda', path, {
        ...activity,
        revenueIdr: Number.MAX_SAFE_INTEGER - total,
      });
      expect(filling.status).toBe(200);
      const body = await refusedWithoutWrite(
        agreementId,
        () => api.post('operatorSamarinda', path, { ...activity, revenueIdr: 1 }),
        409,
      );
      expect(body.type).toBe('/problems/totals-out-of-range');
      const summary = (await api.get('auditor', `/api/agreements/${agreementId}`)).body;
      expect(summary.activities.revenueIdr).toBe(Number.MAX_SAFE_INTEGER);
    });
  });

  describe('403: who may act', () => {
    it('refuses the drafter approving their own version (four eyes)', async () => {
      const body = await refusedWithoutWrite(
        drafted,
        () =>
          api.post(BOTH_HATS, `/api/agreements/${drafted}/approvals`, {
            draftVersion: 1,
            step: 'UPT_HEAD',
            decision: 'APPROVE',
          }),
        403,
      );
      expect(body.reason).toBe('four-eyes');
    });

    it.each<[ActorKey, string, object, string]>([
      ['operatorSamarinda', 'withdrawal', { reason: 'x' }, 'scope'],
      ['kalapasTakalar', 'audiensi', AUDIENSI, 'scope'],
      ['auditor', 'withdrawal', { reason: 'x' }, 'role'],
      ['admin', 'audiensi', AUDIENSI, 'role'],
      ['legalSulsel', 'withdrawal', { reason: 'x' }, 'role'],
    ])('refuses %s issuing %s on a Maros agreement (%s)', async (who, command, body, reason) => {
      const refused = await refusedWithoutWrite(
        proposed,
        () => api.post(who, `/api/agreements/${proposed}/${command}`, body),
        403,
      );
      expect(refused.reason).toBe(reason);
    });

    it('refuses an approver of another Kanwil, and a step no role of the user gives', async () => {
      const path = `/api/agreements/${drafted}/approvals`;
      const otherKanwil = await refusedWithoutWrite(
        drafted,
        () => api.post('legalKaltim', path, { draftVersion: 1, step: 'LEGAL', decision: 'APPROVE' }),
        403,
      );
      expect(otherKanwil.reason).toBe('scope');
      const wrongStep = await refusedWithoutWrite(
        drafted,
        () => api.post('legalSulsel', path, { draftVersion: 1, step: 'KANWIL_HEAD', decision: 'APPROVE' }),
        403,
      );
      expect(wrongStep.reason).toBe('step-role');
    });

    it('refuses a proposal for units that do not include the proposer own', async () => {
      const response = await api.post('operatorSamarinda', '/api/agreements', PROPOSAL);
      expect(response.status).toBe(403);
      expect(response.body.reason).toBe('scope');
    });

    it('lets only an admin register a unit', async () => {
      const unit = {
        code: 'LAPAS-BANTAENG',
        name: 'Lapas Kelas IIB Bantaeng',
        kind: 'LAPAS',
        kanwil: 'KANWIL-SULSEL',
        province: 'Sulawesi Selatan',
      };
      expect((await api.post('kakanwilSulsel', '/api/units', unit)).status).toBe(403);
      expect((await api.post('admin', '/api/units', unit)).status).toBe(201);
      expect((await api.post('admin', '/api/units', unit)).status).toBe(409);
    });
  });

  describe('404: no such agreement or unit', () => {
    it.each([
      '/api/agreements/7f9c1b9e-9d7a-4b5e-9b1f-2d2d6f0c0a11',
      '/api/agreements/not-an-id',
      '/api/agreements/7f9c1b9e-9d7a-4b5e-9b1f-2d2d6f0c0a11/history',
    ])('GET %s', async (path) => {
      const response = await api.get('auditor', path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('a command on an agreement that does not exist', async () => {
      const response = await api.post(
        'operatorMaros',
        '/api/agreements/7f9c1b9e-9d7a-4b5e-9b1f-2d2d6f0c0a11/withdrawal',
        { reason: 'x' },
      );
      expect(response.status).toBe(404);
    });

    it('a proposal naming a unit that does not exist', async () => {
      const response = await api.post('operatorMaros', '/api/agreements', {
        ...PROPOSAL,
        units: ['LAPAS-MAROS', 'LAPAS-ATLANTIS'],
      });
      expect(response.status).toBe(404);
      expect(response.body.units).toEqual(['LAPAS-ATLANTIS']);
    });
  });

  describe('400: a Kanwil among an agreement units (its parties inside are UPTs)', () => {
    const kanwilOperator: Actor = {
      sub: 'operator-kanwil-sulsel',
      name: 'Staf Kanwil Sulsel',
      roles: ['operator'],
      unit: 'KANWIL-SULSEL',
    };
    it.each([
      ['a Lapas operator adding another Kanwil', 'operatorMaros' as const, ['LAPAS-MAROS', 'KANWIL-KALTIM']],
      ['staff of a Kanwil proposing for the Kanwil itself', kanwilOperator, ['KANWIL-SULSEL']],
    ])('refuses %s, writing nothing', async (_case, who: ActorKey | Actor, units) => {
      const count = async () => Number((await api.db.pool.query('select count(*) from events')).rows[0].count);
      const before = await count();
      const response = await api.post(who, '/api/agreements', { ...PROPOSAL, units });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ type: '/problems/invalid-request', errors: [{ field: 'units' }] });
      expect(response.body.errors[0].message).toMatch(/is a KANWIL: an agreement's units are UPTs/);
      expect(await count()).toBe(before);
    });
  });

  describe('415: bodies are JSON (API.md)', () => {
    it.each([
      ['plain text', 'text/plain', '{"reason":"Mitra mundur."}'],
      ['XML', 'application/xml', '<reason>Mitra mundur.</reason>'],
      ['a form', 'application/x-www-form-urlencoded', 'reason=Mitra+mundur.'],
    ])('refuses %s with 415 and writes nothing', async (_what, type, body) => {
      const token = await tokenFor(ACTORS.operatorMaros);
      const answer = await refusedWithoutWrite(
        proposed,
        () =>
          api.http
            .post(`/api/agreements/${proposed}/withdrawal`)
            .set('Authorization', `Bearer ${token}`)
            .set('content-type', type)
            .send(body),
        415,
      );
      expect([answer.type, answer.detail]).toEqual([
        '/problems/unsupported-media-type',
        'Bodies are JSON: send them with Content-Type: application/json.',
      ]);
    });
  });

  describe('400: malformed or invalid requests', () => {
    const withdraw = (body: unknown) => () => api.post('operatorMaros', `/api/agreements/${proposed}/withdrawal`, body);
    const bad = (body: unknown) =>
      refusedWithoutWrite(proposed, () => api.post('kalapasMaros', `/api/agreements/${proposed}/audiensi`, body), 400);

    it('lists every bad field of the body', async () => {
      const body = await bad({ heldOn: '2025-02-30', place: '', attendees: [{ name: 'A' }], summary: 3, extra: true });
      const fields = body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['heldOn', 'place', 'attendees.0.role', 'attendees.0.organization', 'summary', 'extra']),
      );
    });

    it('says of a missing field only that it is required, and of an unknown null field that it should not exist', async () => {
      const decline = await refusedWithoutWrite(
        drafted,
        () => api.post('legalSulsel', `/api/agreements/${drafted}/approvals`, { step: 'LEGAL', decision: 'DECLINE' }),
        400,
      );
      expect(decline.errors).toEqual([
        { field: 'draftVersion', message: 'draftVersion is required' },
        { field: 'note', message: 'note is required' },
      ]);
      const body = await bad({ heldOn: null, place: 'Maros', attendees: [{ name: 'A' }], summary: 'S', extra: null });
      expect(body.errors).toEqual([
        { field: 'extra', message: 'property extra should not exist' },
        { field: 'heldOn', message: 'heldOn is required' },
        { field: 'attendees.0.role', message: 'attendees.0.role is required' },
        { field: 'attendees.0.organization', message: 'attendees.0.organization is required' },
      ]);
      const signing = await refusedWithoutWrite(
        drafted,
        () => api.post('kalapasMaros', `/api/agreements/${drafted}/signing`, { ...SIGNING, signatories: [null, null] }),
        400,
      );
      expect(signing.errors).toEqual(
        expect.arrayContaining([{ field: 'signatories.0', message: 'signatories.0 is required' }]),
      );
    });

    it.each([
      ['a NUL', 'a\u0000b'],
      ['a lone surrogate', 'a\ud800b'],
    ])('lists every bad field when strings also carry %s', async (_what, broken) => {
      const attendees = Array.from({ length: 60 }, () => ({ name: broken, role: 'Kalapas', organization: 'Lapas' }));
      const body = await bad({
        heldOn: '2025-02-30',
        place: broken,
        attendees: [...attendees, { name: 'A' }],
        extra: 1,
      });
      const fields: string[] = body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'heldOn',
          'place',
          'attendees.60.role',
          'attendees.60.organization',
          'summary',
          'extra',
        ]),
      );
      expect(fields.filter((field) => /^attendees\.\d+\.name$/.test(field))).toHaveLength(60);
    });

    it('refuses fields named like what every object inherits, at any depth of a body and in a query', async () => {
      const body = await bad(
        JSON.parse(
          '{"heldOn":"2025-08-04","place":"Maros","summary":"S","toString":"x","hasOwnProperty":1,' +
            '"attendees":[{"name":"A","role":"R","organization":"O","constructor":"x"}]}',
        ),
      );
      expect(body.errors).toEqual(
        expect.arrayContaining([
          { field: 'toString', message: 'property toString should not exist' },
          { field: 'hasOwnProperty', message: 'property hasOwnProperty should not exist' },
          { field: 'attendees.0.constructor', message: 'property constructor should not exist' },
        ]),
      );
      for (const [path, field] of [
        ['/api/agreements?constructor=1', 'constructor'],
        ['/api/agreements?__proto__=1', '__proto__'],
        [`/api/agreements/${proposed}?toString=x`, 'toString'],
        ['/api/reports/pipeline?valueOf=1', 'valueOf'],
        ['/api/units?hasOwnProperty=1', 'hasOwnProperty'],
      ]) {
        const response = await api.get('auditor', path!);
        expect([path, response.status, response.body.errors]).toEqual([
          path,
          400,
          [{ field, message: `property ${field} should not exist` }],
        ]);
      }
    });

    it('refuses a broken percent-encoding in a query, with the other bad fields', async () => {
      const search = await api.get('auditor', '/api/agreements?q=%E0%A4%A');
      expect([search.status, search.body.errors]).toEqual([
        400,
        [{ field: 'q', message: 'must be percent-encoded UTF-8' }],
      ]);
      const many = await api.get('auditor', '/api/agreements?q=%ZZ&limit=0&colour=red');
      expect(many.status).toBe(400);
      expect(many.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['q', 'limit', 'colour']),
      );
      const encoded = await api.get('auditor', '/api/agreements?q=%25E0+maros%20koperasi');
      expect(encoded.status).toBe(200);
    });

    it('refuses a draft without its document and terms (nested objects are required, not skipped)', async () => {
      const body = await refusedWithoutWrite(
        drafted,
        () => api.post('operatorMaros', `/api/agreements/${drafted}/drafts`, {}),
        400,
      );
      expect(body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['document', 'terms']));
    });

    it('refuses a body nested thousands deep, with or without an Idempotency-Key (400, not a crash)', async () => {
      const deep = JSON.parse(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`);
      for (const headers of [{}, { 'Idempotency-Key': 'deep-1' }] as Record<string, string>[]) {
        const answer = await api.post('operatorMaros', `/api/agreements/${proposed}/withdrawal`, deep, headers);
        expect(answer.status).toBe(400);
      }
    });

    it('answers 404 for a unit code with a NUL byte or other non-code characters', async () => {
      for (const code of ['%00', 'lapas-maros', 'A%20B', 'X'.repeat(65)]) {
        expect((await api.get('auditor', `/api/units/${code}`)).status).toBe(404);
      }
      expect((await api.get('auditor', '/api/agreements?unit=%00')).status).toBe(400);
    });

    // Fastify's router refuses these before any route, guard or filter of Nest runs.
    it.each([
      ['a broken percent-encoding', '/api/agreements/%E0%A4%A', 400, 'invalid-request'],
      ['a broken percent-encoding in a unit code', '/api/units/%ZZ', 400, 'invalid-request'],
      ['a path parameter over 100 characters', `/api/agreements/${'a'.repeat(101)}`, 414, 'uri-too-long'],
    ])('answers %s with problem+json', async (_what, path, status, code) => {
      const response = await api.get('auditor', path);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: `/problems/${code}`, status });
    });

    const withdrawSending = (text: string) =>
      refusedWithoutWrite(
        proposed,
        async () =>
          api.http
            .post(`/api/agreements/${proposed}/withdrawal`)
            .set('Authorization', `Bearer ${await tokenFor(ACTORS.operatorMaros)}`)
            .set('content-type', 'application/json')
            .send(text),
        400,
      );

    it('reads a body declared as JSON but empty as no body: the fields it lacks are listed', async () => {
      const body = await withdrawSending('');
      expect([...new Set(body.errors.map((e: { field: string }) => e.field))]).toEqual(['reason']);
    });

    it('refuses malformed JSON', async () => {
      expect((await withdrawSending('{"reason":')).errors).toHaveLength(1);
    });

    it.each([
      ['a string with a NUL', { reason: 'a\u0000b' }],
      ['a body that is not an object', [1, 2]],
      ['prototype pollution', JSON.parse('{"reason":"x","__proto__":{"admin":true}}')],
      ['an empty reason', { reason: '   ' }],
    ])('refuses %s', async (_what, body) => {
      await refusedWithoutWrite(proposed, withdraw(body), 400);
    });

    it('refuses a number written with more digits than a number holds, which parsing would change', async () => {
      const samarinda = SEED_STORIES.find((story) => story.seed.startsWith('004'))!;
      const { agreementId } = await tellStory((as, path, body) => api.post(as, path, body), samarinda);
      const path = `/api/agreements/${agreementId}/activities`;
      const sending = (text: string) => async () =>
        api.http
          .post(path)
          .set('Authorization', `Bearer ${await tokenFor(ACTORS.operatorSamarinda)}`)
          .set('content-type', 'application/json')
          .send(text);
      const activity = '"date":"2024-06-01","kind":"PRODUCTION","title":"Panen 2.0e"';
      const body = await refusedWithoutWrite(
        agreementId,
        sending(`{${activity},"participants":2.0000000000000001,"revenueIdr":4503599627370497.5}`),
        400,
      );
      expect(body.errors).toEqual([
        {
          field: 'participants',
          message: expect.stringMatching(
            /^participants 2\.0000000000000001 has more digits than a number holds exactly/,
          ),
        },
        { field: 'revenueIdr', message: expect.stringMatching(/^revenueIdr 4503599627370497\.5 has more digits/) },
      ]);
      // Written with a fraction or an exponent that changes nothing, a whole number is taken as it always was.
      expect((await sending(`{${activity},"participants":2.0,"revenueIdr":1.5e3}`)()).status).toBe(200);
      const history = (await api.get('auditor', `/api/agreements/${agreementId}/history`)).body;
      expect(history.at(-1)).toMatchObject({ type: 'ActivityRecorded', data: { participants: 2, revenueIdr: 1500 } });
    });

    it('refuses numbers past 2^53 and a decline without its note', async () => {
      const path = `/api/agreements/${drafted}/approvals`;
      const decline = await refusedWithoutWrite(
        drafted,
        () => api.post('legalSulsel', path, { draftVersion: 1, step: 'LEGAL', decision: 'DECLINE' }),
        400,
      );
      expect(decline.errors[0].field).toBe('note');
      const huge = await refusedWithoutWrite(
        drafted,
        () => api.post('legalSulsel', path, { draftVersion: 2 ** 53 + 2, step: 'LEGAL', decision: 'APPROVE' }),
        400,
      );
      expect(huge.errors[0].field).toBe('draftVersion');
    });

    it('refuses a day something happened on that is still to come, and takes any past one', async () => {
      const samarinda = SEED_STORIES.find((story) => story.seed.startsWith('004'))!;
      const { agreementId } = await tellStory((as, path, body) => api.post(as, path, body), samarinda);
      const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const path = `/api/agreements/${agreementId}/activities`;
      const activity = { kind: 'PRODUCTION', title: 'Panen', participants: 1 };
      const body = await refusedWithoutWrite(
        agreementId,
        () => api.post('operatorSamarinda', path, { ...activity, date: inTwoDays }),
        400,
      );
      expect(body.errors).toEqual([
        { field: 'date', message: expect.stringMatching(`^date ${inTwoDays} is after today`) },
      ]);
      const review = { reviewedOn: inTwoDays, period: '2025', score: 4, findings: 'Baik', recommendation: 'CONTINUE' };
      const refused = await refusedWithoutWrite(
        agreementId,
        () => api.post('kalapasSamarinda', `/api/agreements/${agreementId}/reviews`, review),
        400,
      );
      expect(refused.errors).toEqual([{ field: 'reviewedOn', message: expect.stringContaining('is after today') }]);
      // Before its execution started (2024-02-05), as staff may record it: taken, as told.
      expect((await api.post('operatorSamarinda', path, { ...activity, date: '2019-01-01' })).status).toBe(200);
    });

    it('refuses an effective period that ends before it starts', async () => {
      const body = await refusedWithoutWrite(
        drafted,
        () =>
          api.post('kalapasMaros', `/api/agreements/${drafted}/signing`, { ...SIGNING, effectiveUntil: '2025-08-01' }),
        400,
      );
      expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['effectiveUntil']);
    });

    it('refuses unknown and malformed query parameters', async () => {
      expect((await api.get('auditor', `/api/agreements/${proposed}?colour=red`)).status).toBe(400);
      for (const asOf of ['yesterday', '20250701', '2025-W27', '2025-02-30', '2025-07-01T10:00:00']) {
        expect((await api.get('auditor', `/api/agreements/${proposed}?asOf=${asOf}`)).status).toBe(400);
      }
      expect((await api.get('auditor', '/api/lifecycle?format=svg')).status).toBe(400);
      for (const limit of ['0x10', '1e1', '%2B5', '%201', '1.0', '-1']) {
        const list = await api.get('auditor', `/api/agreements?limit=${limit}`);
        expect([limit, list.status]).toEqual([limit, 400]);
        expect(list.body.errors.map((e: { field: string }) => e.field)).toContain('limit');
      }
      expect((await api.get('auditor', '/api/reports/expiring?withinDays=0x10')).status).toBe(400);
      expect((await api.get('auditor', '/api/agreements?limit=10&offset=0')).status).toBe(200);
    });

    it.each<[ActorKey, string]>([
      ['auditor', `/api/agreements/:id/verification?colour=red`],
      ['auditor', '/api/units?colour=red'],
      ['auditor', '/api/units/LAPAS-MAROS?colour=red'],
      ['auditor', '/api/export-key?colour=red'],
      ['admin', '/api/admin/projections?colour=red'],
    ])('refuses a query parameter on a route that takes none: %s GET %s', async (who, path) => {
      const response = await api.get(who, path.replace(':id', proposed));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: 'colour', message: 'property colour should not exist' }]);
    });

    it('refuses a query parameter on a command, writing nothing', async () => {
      const body = await refusedWithoutWrite(
        proposed,
        () => api.post('operatorMaros', `/api/agreements/${proposed}/withdrawal?reason=x`, { reason: 'Batal' }),
        400,
      );
      expect(body.errors).toEqual([{ field: 'reason', message: 'property reason should not exist' }]);
    });

    it('refuses a field in the body of a rebuild, which takes none, and starts no rebuild', async () => {
      const before = (await api.get('admin', '/api/admin/projections')).body;
      const response = await api.post('admin', '/api/admin/projections/rebuild', { generation: 7 });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'generation', message: 'property generation should not exist' }]);
      expect((await api.get('admin', '/api/admin/projections')).body).toEqual(before);
    });
  });

  it('413: refuses a body over 256 KiB', async () => {
    const body = await refusedWithoutWrite(proposed, withdrawOf({ reason: 'x'.repeat(300 * 1024) }), 413);
    expect(body.title).toBe('Payload Too Large');
    function withdrawOf(payload: object) {
      return () => api.post('operatorMaros', `/api/agreements/${proposed}/withdrawal`, payload);
    }
  });

  describe('registering units', () => {
    const unit = {
      code: 'LAPAS-SUNGGUMINASA',
      name: 'Lapas Kelas IIA Sungguminasa',
      kind: 'LAPAS',
      province: 'Sulawesi Selatan',
    };

    it('refuses a UPT whose Kanwil does not exist (404) or is not a Kanwil (400)', async () => {
      const unknown = await api.post('admin', '/api/units', { ...unit, kanwil: 'KANWIL-ATLANTIS' });
      expect(unknown.status).toBe(404);
      const notKanwil = await api.post('admin', '/api/units', { ...unit, kanwil: 'LAPAS-MAROS' });
      expect(notKanwil.status).toBe(400);
      expect(notKanwil.body.errors).toEqual([{ field: 'kanwil', message: expect.any(String) }]);
      expect((await api.get('auditor', '/api/units/LAPAS-SUNGGUMINASA')).status).toBe(404);
    });

    it('refuses a Kanwil that names another Kanwil as its own', async () => {
      const kanwil = {
        code: 'KANWIL-SULBAR',
        name: 'Kanwil Sulawesi Barat',
        kind: 'KANWIL',
        kanwil: 'KANWIL-SULSEL',
        province: 'Sulawesi Barat',
      };
      expect((await api.post('admin', '/api/units', kanwil)).status).toBe(400);
      expect((await api.post('admin', '/api/units', { ...kanwil, kanwil: 'KANWIL-SULBAR' })).status).toBe(201);
    });

    it('answers a registration retried with its Idempotency-Key with the first answer', async () => {
      const parepare = {
        code: 'LAPAS-PAREPARE',
        name: 'Lapas Kelas IIA Parepare',
        kind: 'LAPAS',
        kanwil: 'KANWIL-SULSEL',
        province: 'Sulawesi Selatan',
      };
      const headers = { 'Idempotency-Key': 'unit-parepare' };
      const first = await api.post('admin', '/api/units', parepare, headers);
      const retry = await api.post('admin', '/api/units', parepare, headers);
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body).toEqual(first.body);
      expect((await api.post('admin', '/api/units', { ...parepare, name: 'Lain' }, headers)).status).toBe(422);
    });

    it('answers every one of retries sent at once with one Idempotency-Key with the first answer', async () => {
      // Retries racing their first try to the unit's code were told 409 (an audit: 16 of 200).
      for (let round = 0; round < 8; round++) {
        const unit = {
          code: `LAPAS-RETRY-${round}`,
          name: `Lapas Retry ${round}`,
          kind: 'LAPAS',
          kanwil: 'KANWIL-SULSEL',
          province: 'Sulawesi Selatan',
        };
        const headers = { 'Idempotency-Key': `unit-retry-${round}` };
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => api.post('admin', '/api/units', unit, headers)),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
        for (const answer of answers) expect(answer.body).toEqual(answers[0]!.body);
      }
    });

    it('refuses If-Match on a registration, which creates what it would match (412, nothing written)', async () => {
      const unit = { code: 'LAPAS-IFMATCH', name: 'x', kind: 'LAPAS', kanwil: 'KANWIL-SULSEL', province: 'p' };
      for (const ifMatch of ['"1"', '*']) {
        const refused = await api.post('admin', '/api/units', unit, { 'If-Match': ifMatch });
        expect([ifMatch, refused.status, refused.body.type]).toEqual([ifMatch, 412, '/problems/precondition-failed']);
      }
      expect((await api.get('auditor', '/api/units/LAPAS-IFMATCH')).status).toBe(404);
    });

    it('lists the seed units, their two Kanwil and Ditjenpas (the unit of headquarters tokens) from the start', async () => {
      const units = (await api.get('operatorMaros', '/api/units')).body;
      const codes = units.map((u: { code: string }) => u.code);
      expect(codes).toEqual(
        expect.arrayContaining([
          'KANWIL-SULSEL',
          'KANWIL-KALTIM',
          'LAPAS-MAROS',
          'RUTAN-MAKASSAR',
          'LAPAS-TAKALAR',
          'LAPAS-MAKASSAR',
          'LAPAS-NARKOTIKA-SAMARINDA',
          'DITJENPAS',
        ]),
      );
      expect(units.find((u: { code: string }) => u.code === 'DITJENPAS')).toMatchObject({ kind: 'DITJEN' });
    });
  });

  describe('401: tokens that prove nothing', () => {
    const call = (authorization?: string) => {
      const req = api.http.post(`/api/agreements/${proposed}/withdrawal`).send({ reason: 'x' });
      return authorization ? req.set('Authorization', authorization) : req;
    };
    const claims = { name: 'Rifqi Jalil', roles: ['operator'], unit: 'LAPAS-MAROS' };

    it.each<[string, () => Promise<string | undefined>]>([
      ['no token', async () => undefined],
      ['a malformed token', async () => 'Bearer not.a.jwt'],
      [
        'an unsigned token (alg none)',
        async () => `Bearer ${new UnsecuredJWT(claims).setSubject('op-maros-01').encode()}`,
      ],
      [
        'a token signed with another key',
        async () =>
          `Bearer ${await tokenFor(ACTORS.operatorMaros, { secret: 'another-secret-of-some-good-length!!' })}`,
      ],
      [
        'an expired token',
        async () => `Bearer ${await tokenFor(ACTORS.operatorMaros, { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
      ],
      ['a token not yet valid', async () => `Bearer ${await tokenFor(ACTORS.operatorMaros, { notBefore: '1h' })}`],
      [
        'a token without its unit',
        async () =>
          `Bearer ${await new SignJWT({ name: 'x', roles: ['operator'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('1h').sign(new TextEncoder().encode(TEST_JWT_SECRET))}`,
      ],
      [
        'a token that never expires (no exp)',
        async () =>
          `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('op-maros-01').sign(new TextEncoder().encode(TEST_JWT_SECRET))}`,
      ],
    ])('refuses %s', async (_what, authorization) => {
      const before = await versionOf(proposed);
      const response = await call(await authorization());
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await versionOf(proposed)).toBe(before);
    });

    // The token is checked before the body is read: what the body holds tells nothing to a
    // caller without one, and costs the server nothing to parse.
    it.each<[string, string, string | Buffer]>([
      ['malformed JSON', 'application/json', '{"reason":'],
      ['an empty JSON body', 'application/json', ''],
      ['a body over 256 KiB', 'application/json', `{"reason":"${'x'.repeat(300 * 1024)}"}`],
      ['a content type it does not take', 'application/xml', '<reason/>'],
    ])('answers 401 to a request without a token, whatever its body: %s', async (_what, type, body) => {
      const response = await api.http
        .post(`/api/agreements/${proposed}/withdrawal`)
        .set('content-type', type)
        .send(body);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('answers 403 to a user without the role, whatever the body', async () => {
      const response = await api.http
        .post('/api/admin/projections/rebuild')
        .set('Authorization', `Bearer ${await tokenFor(ACTORS.auditor)}`)
        .set('content-type', 'application/json')
        .send('{"broken":');
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: '/problems/forbidden', reason: 'role' });
    });
  });
});
