import fc from 'fast-check';
import { ROLES, type Role } from '@kemitraan/agreements/domain';
import { recordInLedger, SEED_STORIES } from '@kemitraan/testing';
import { tokenFor } from '@kemitraan/testing/http/tokens';
import { ROUTE_PERMISSIONS } from '../../apps/api/src/http/auth/route-permissions';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const RUNS = 2_500;
const ROUTES = Object.keys(ROUTE_PERMISSIONS);
const UNIT: Record<Role, string> = {
  operator: 'LAPAS-NARKOTIKA-SAMARINDA',
  upt_head: 'LAPAS-NARKOTIKA-SAMARINDA',
  legal: 'KANWIL-KALTIM',
  kanwil_head: 'KANWIL-KALTIM',
  auditor: 'DITJENPAS',
  admin: 'DITJENPAS',
};

/** Strings that have broken parsers elsewhere. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '2025-02-30',
    '2025-13-01',
    '9999-99-99',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    "' or 1=1 --",
    '%00',
    'x'.repeat(10_000),
    '١٢٣',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  ),
);

const bigNumber = fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, -0, 0.1, 9_007_199_254_740_993);

/** JSON with the shapes attackers send: deep nesting, huge arrays, prototype keys, big numbers. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(nasty, fc.oneof(nasty, bigNumber, fc.jsonValue({ maxDepth: 2 }))),
  fc.constantFrom(
    JSON.parse('{"__proto__": {"admin": true}, "title": "x"}'),
    { constructor: { prototype: { polluted: true } } },
    { units: Array.from({ length: 5_000 }, () => 'LAPAS-MAROS') },
    { date: '2025-02-30', participants: 2 ** 53 + 2, kind: 'TRAINING', title: 'x', revenueIdr: -1 },
  ),
  fc.integer({ min: 10, max: 3_000 }).map((depth) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
);

/** Bodies that are not JSON at all, or not UTF-8. */
const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    Buffer.from('{"a":1,}'),
    Buffer.from('['),
  ),
);

/** Every byte of the UTF-8 form percent-encoded, lone surrogates included (as U+FFFD). */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('bad input, generated (fast-check): never a 5xx, never a write on a 4xx', () => {
  let api: TestApi;
  let agreementId: string;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    api = await startTestApi();
    agreementId = (
      await tellStory(
        api.post,
        SEED_STORIES.find((s) => s.seed.startsWith('004'))!,
      )
    ).agreementId;
    for (const role of ROLES) {
      tokens.set(role, await tokenFor({ sub: `fuzz-${role}`, name: `Fuzz ${role}`, roles: [role], unit: UNIT[role] }));
    }
  }, 60_000);
  afterAll(() => api.close());

  const writes = async () =>
    (
      await api.db.pool.query<{ n: string }>(
        `select ((select count(*) from events) + (select count(*) from units) + (select count(*) from idempotency_keys))::text as n`,
      )
    ).rows[0]!.n;

  it(`holds for ${RUNS} generated requests to every route`, async () => {
    let tried = 0;
    let writesOnRefusal = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(fc.constantFrom(...ROLES), fc.constant(null)),
        fc.oneof(fc.constant(null), nasty, fc.uuid()),
        fc.dictionary(
          fc.constantFrom(
            'state',
            'unit',
            'kanwil',
            'partnerType',
            'program',
            'q',
            'limit',
            'offset',
            'groupBy',
            'format',
            'asOf',
            'withinDays',
            'x',
            '__proto__',
          ),
          nasty,
          {
            maxKeys: 3,
          },
        ),
        fc.oneof(
          hostileJson.map((json) => ({ json })),
          rawBody.map((raw) => ({ raw })),
        ),
        fc.record({ idempotency: fc.option(nasty), ifMatch: fc.option(nasty), contentType: fc.option(nasty) }),
        async (route, role, id, query, body, headers) => {
          tried += 1;
          const [method, pattern] = route.split(' ') as [string, string];
          const path = pattern
            .replace(':id', percentEncoded(id ?? agreementId))
            .replace(':code', percentEncoded(id ?? 'LAPAS-MAROS'));
          const before = await writes();
          let request = method === 'POST' ? api.http.post(path) : api.http.get(path);
          request = request.query(query);
          if (role) request = request.set('Authorization', `Bearer ${tokens.get(role)}`);
          const header = (name: string, value: string | null) => {
            if (value !== null && /^[\t\x20-\x7e]*$/.test(value)) request = request.set(name, value);
          };
          header('Idempotency-Key', headers.idempotency);
          header('If-Match', headers.ifMatch);
          if (method === 'POST') {
            const printable = headers.contentType !== null && /^[\t\x20-\x7e]*$/.test(headers.contentType);
            const contentType = printable ? headers.contentType! : 'application/json';
            if ('raw' in body) request = request.set('Content-Type', contentType).send(body.raw);
            else request = request.set('Content-Type', 'application/json').send(JSON.stringify(body.json ?? null));
          }
          const answer = await request;
          if (answer.status >= 500) throw new Error(`${route} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
          if (answer.status >= 400 && (await writes()) !== before) {
            writesOnRefusal += 1;
            throw new Error(`${route} answered ${answer.status} and wrote`);
          }
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.FAST_CHECK_SEED ?? 20_261_123) },
    );
    recordInLedger({
      test: 'bad input (fast-check, every route)',
      faultsInjected: 0,
      inputsTried: tried,
      writesLost: writesOnRefusal,
    });
    expect(tried).toBe(RUNS);
  }, 300_000);
});
