import Ajv from 'ajv';
import { ACTORS, SEED_STORIES, type ActorKey } from '@kemitraan/testing';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';
import { eventually } from '@kemitraan/event-store/testing/contract';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { ROUTE_PERMISSIONS } from '../../apps/api/src/http/auth/route-permissions';
import { clientFor } from '../support/http-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { inForceForAYear } from '../support/in-force';
import { tellStory } from '../support/story-teller';

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const pathOf = (route: string) => route.split(' ')[1]!.replace(/:(\w+)/g, '{$1}');
const operationOf = (document: Document, route: string): Operation => {
  const [method] = route.split(' ');
  return document.paths[pathOf(route)]![method!.toLowerCase()]!;
};
const commands = Object.keys(ROUTE_PERMISSIONS).filter((route) => route.startsWith('POST /api/agreements/:id/'));
const protectedRoutes = Object.entries(ROUTE_PERMISSIONS)
  .filter(([, access]) => access !== 'public')
  .map(([route]) => route);

/**
 * What a client generated from `/docs-json` relies on: the headers of API.md's concurrency and
 * retries, the problem+json answers, and schemas that the server's real answers satisfy. Read
 * from the built server, as users get it: the build's OpenAPI plugin writes what the DTOs' types
 * say (which fields are optional) into the document, and the tests' compiler runs no plugin.
 */
describe('the OpenAPI document of the built server, against API.md and its answers', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let document: Document;
  let agreementId: string;
  let validate: (name: string, value: unknown) => string[];
  let validateAt: (pointer: string, value: unknown) => string[];
  const api = {
    get: (as: ActorKey, path: string) => clientFor(server.url, TEST_JWT_SECRET).get(ACTORS[as], path),
    post: (as: ActorKey, path: string, body: unknown) =>
      clientFor(server.url, TEST_JWT_SECRET).post(ACTORS[as], path, body),
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServerProcess({ DATABASE_URL: db.url, AUTH_JWT_SECRET: TEST_JWT_SECRET });
    document = (await (await fetch(`${server.url}/docs-json`)).json()) as Document;
    // Samarinda ends in execution (outputs), Sapalindo's agreement in force for a year (expiring),
    // Makassar waiting for approvals of its draft (pending approvals).
    const story = (seed: string) => SEED_STORIES.find((s) => s.seed.startsWith(seed))!;
    const tell = (seed: string) => tellStory(api.post, story(seed));
    agreementId = (await tell('004')).agreementId;
    await tellStory(api.post, inForceForAYear(story('000')));
    await tell('003');
    await eventually(
      async () => (await api.get('auditor', '/api/admin/projections')).body as { lag: number }[],
      (all) => all.every((projection) => projection.lag === 0),
    );
    // OpenAPI 3.0 schemas: `nullable` is Ajv's too; `example` and the formats are left unchecked.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(document, 'document');
    validateAt = (pointer, value) => {
      const check = ajv.compile({ $ref: pointer });
      return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
    validate = (name, value) => validateAt(`document#/components/schemas/${name}`, value);
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
  });

  it.each(commands)('%s takes If-Match and Idempotency-Key, and answers the summary with its ETag', (route) => {
    const operation = operationOf(document, route);
    const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => [p.name, p.required]);
    expect(headers).toEqual([
      ['If-Match', false],
      ['Idempotency-Key', false],
    ]);
    const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
    expect(success.map(([status]) => status)).toEqual([route.endsWith('/renewal') ? '201' : '200']);
    const [status, answer] = success[0]!;
    expect(Object.keys(answer.headers ?? {}).sort()).toEqual(status === '201' ? ['ETag', 'Location'] : ['ETag']);
    expect(answer.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/AgreementSummary' });
    expect(Object.keys(operation.responses).sort()).toEqual(
      [status, '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '503'].sort(),
    );
  });

  it.each(protectedRoutes)('%s documents 400, 401, 403, 429 and 503 as problem+json', (route) => {
    const { responses } = operationOf(document, route);
    for (const status of ['400', '401', '403', '429', '503']) {
      expect([status, responses[status]?.content]).toEqual([
        status,
        { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      ]);
    }
    expect(Object.keys(responses['429']!.headers ?? {})).toEqual(['Retry-After']);
  });

  it('describes the proposal with Idempotency-Key, 201, Location and ETag', () => {
    const operation = operationOf(document, 'POST /api/agreements');
    expect(operation.parameters?.map((p) => p.name)).toEqual(['Idempotency-Key']);
    expect(Object.keys(operation.responses['201']!.headers ?? {}).sort()).toEqual(['ETag', 'Location']);
  });

  it('marks whole numbers as integers and dates as dates, as the server checks them', () => {
    const activity = document.components.schemas.RecordActivityDto!.properties as Record<string, Schema>;
    expect([activity.participants!.type, activity.revenueIdr!.type, activity.date!.format]).toEqual([
      'integer',
      'integer',
      'date',
    ]);
    expect(document.components.schemas.RecordActivityDto!.required).not.toContain('revenueIdr');
  });

  it('refuses unknown fields in every body, and lets bodies whose fields are all optional be left out', () => {
    const open = Object.entries(document.components.schemas).filter(
      ([name, schema]) => name.endsWith('Dto') && schema.additionalProperties !== false,
    );
    expect(open.map(([name]) => name)).toEqual([]);
    const bodyRequired = (route: string) =>
      (operationOf(document, route) as { requestBody?: { required?: boolean } }).requestBody?.required;
    expect(bodyRequired('POST /api/agreements/:id/continuation')).toBe(false);
    expect(bodyRequired('POST /api/agreements/:id/renewal')).toBe(false);
    expect(bodyRequired('POST /api/agreements/:id/withdrawal')).toBe(true);
  });

  it("gives the list's and the reports' defaults, and unit codes their pattern", () => {
    const query = (route: string) =>
      Object.fromEntries(
        (operationOf(document, route).parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, (p as unknown as { schema: Schema }).schema]),
      );
    const list = query('GET /api/agreements');
    expect([list.limit!.default, list.offset!.default, list.unit!.pattern]).toEqual([
      50,
      0,
      '^[A-Z0-9]+(-[A-Z0-9]+)*$',
    ]);
    expect(query('GET /api/reports/expiring').withinDays!.default).toBe(90);
    expect(query('GET /api/reports/register').groupBy!.default).toBe('unit');
    expect(query('GET /api/reports/outputs').groupBy!.default).toBe('agreement');
  });

  it('gives the downloads their own content types, and the history as an array', () => {
    const register = operationOf(document, 'GET /api/reports/register').responses['200']!.content!;
    expect(Object.keys(register).sort()).toEqual(
      ['application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'].sort(),
    );
    const history = operationOf(document, 'GET /api/agreements/:id/history').responses['200']!.content!;
    expect(history['application/json']!.schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/HistoryEntry' },
    });
  });

  const readRoutes = Object.entries(ROUTE_PERMISSIONS)
    .filter(([route, access]) => route.startsWith('GET /api/') && access !== 'public')
    .map(([route]) => route);

  it.each(readRoutes)("%s: the server's JSON answer satisfies the documented schema", async (route) => {
    const path = pathOf(route);
    const schema = document.paths[path]!.get!.responses['200']!.content!['application/json']!.schema;
    expect(schema).not.toEqual({ type: 'object' });
    const pointer = ['paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema']
      .map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1')))
      .join('/');
    const url = route.split(' ')[1]!.replace(':id', agreementId).replace(':code', 'LAPAS-MAROS');
    const answer = await api.get('auditor', route.includes('expiring') ? `${url}?withinDays=36500` : url);
    expect(answer.status).toBe(200);
    expect(validateAt(`document#/${pointer}`, answer.body)).toEqual([]);
    // An empty list satisfies any schema of its rows: every list here must hold some.
    const lists = [answer.body, answer.body.rows, answer.body.items, answer.body.stages].filter(Array.isArray);
    for (const list of lists) expect(list.length).toBeGreaterThan(0);
  });

  it("has schemas that the server's real answers satisfy", async () => {
    const review = {
      reviewedOn: '2024-08-01',
      period: '2024 S1',
      score: 4,
      findings: 'Berjalan.',
      recommendation: 'CONTINUE',
    };
    const reviewed = await api.post('kalapasSamarinda', `/api/agreements/${agreementId}/reviews`, review);
    expect(reviewed.status).toBe(200);
    expect(validate('AgreementSummary', reviewed.body)).toEqual([]);
    // Every part of the summary is there to be checked, not empty or null.
    const { audiensi, draft, signing, reviews } = reviewed.body;
    expect([audiensi.length > 0, draft !== null, signing !== null, reviews.length]).toEqual([true, true, true, 1]);
    const summary = await api.get('auditor', `/api/agreements/${agreementId}`);
    expect(validate('AgreementSummary', summary.body)).toEqual([]);
    const page = await api.get('auditor', '/api/agreements?limit=5');
    expect(validate('AgreementPage', page.body)).toEqual([]);
    const history = await api.get('auditor', `/api/agreements/${agreementId}/history`);
    expect(history.body.length).toBeGreaterThan(0);
    for (const entry of history.body) expect(validate('HistoryEntry', entry)).toEqual([]);
    const refused = await api.post('operatorSamarinda', `/api/agreements/${agreementId}/activities`, { date: 'soon' });
    expect(refused.status).toBe(400);
    expect(validate('Problem', refused.body)).toEqual([]);
    // The check can fail: a summary without its state, or with a version that is not a whole number.
    expect(validate('AgreementSummary', { ...summary.body, state: undefined, version: 1.5 }).length).toBe(2);
  });
});
