import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { ROLES, type Actor, type Role } from '@kemitraan/agreements/domain';
import { SEED_STORIES } from '@kemitraan/testing';
import { createTestDatabase } from '@kemitraan/testing/database/test-database';
import { TEST_JWT_SECRET, tokenFor } from '@kemitraan/testing/http/tokens';
import { verifyHistoryExport } from '../../apps/api/src/exports/verify-history-export';
import { ROUTE_PERMISSIONS } from '../../apps/api/src/http/auth/route-permissions';
import { startServerProcess } from '../support/server-process';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const UNIT_OF: Record<Role, string> = {
  operator: 'LAPAS-MAROS',
  upt_head: 'LAPAS-MAROS',
  legal: 'KANWIL-SULSEL',
  kanwil_head: 'KANWIL-SULSEL',
  auditor: 'DITJENPAS',
  admin: 'DITJENPAS',
};
const someone = (role: Role): Actor => ({
  sub: `perm-${role}`,
  name: `Uji ${role}`,
  roles: [role],
  unit: UNIT_OF[role],
});

async function writes(api: TestApi): Promise<number> {
  const { rows } = await api.db.pool.query<{ n: number }>(
    'select (select count(*) from events)::int + (select count(*) from units)::int as n',
  );
  return rows[0]!.n;
}

describe('security, over HTTP', () => {
  let api: TestApi;
  let agreementId: string;
  /** Left alone by the permission tests, so its history is exactly the story's two events. */
  let untouched: string;

  beforeAll(async () => {
    api = await startTestApi();
    const maros = SEED_STORIES.find((s) => s.seed.startsWith('002'))!;
    agreementId = (await tellStory(api.post, maros)).agreementId;
    untouched = (await tellStory(api.post, maros)).agreementId;
  });
  afterAll(() => api.close());

  const pathOf = (route: string) => route.split(' ')[1]!.replace(':id', agreementId).replace(':code', 'LAPAS-MAROS');
  const call = (route: string, authorization?: string) => {
    const [method] = route.split(' ');
    const request = method === 'POST' ? api.http.post(pathOf(route)).send({}) : api.http.get(pathOf(route));
    return authorization ? request.set('Authorization', authorization) : request;
  };

  describe('the permission table', () => {
    it('has exactly one rule for every route the application serves', () => {
      // The OpenAPI page and document are served by the Swagger plugin, outside the guards: public.
      const routes = api.routes.filter((route) => !route.startsWith('GET /docs'));
      expect([...new Set(routes)].sort()).toEqual(Object.keys(ROUTE_PERMISSIONS).sort());
    });

    it('serves the OpenAPI document to anyone', async () => {
      expect((await api.http.get('/docs-json')).status).toBe(200);
    });

    // OpenAPI requires every {name} of a path to be declared as a path parameter; generated
    // clients cannot build the URL of an operation that does not declare it.
    it('declares every path parameter of every operation in the OpenAPI document', async () => {
      type Operation = { parameters?: { name: string; in: string }[] };
      const paths = (await api.http.get('/docs-json')).body.paths as Record<string, Record<string, Operation>>;
      const undeclared = Object.entries(paths).flatMap(([path, operations]) =>
        Object.entries(operations).flatMap(([method, operation]) =>
          [...path.matchAll(/\{(\w+)\}/g)]
            .map((match) => match[1]!)
            .filter((name) => !operation.parameters?.some((p) => p.in === 'path' && p.name === name))
            .map((name) => `${method.toUpperCase()} ${path}: ${name}`),
        ),
      );
      expect(undeclared).toEqual([]);
    });

    const protectedRoutes = Object.entries(ROUTE_PERMISSIONS).filter(([, access]) => access !== 'public');

    describe.each(protectedRoutes)('%s', (route, access) => {
      it('refuses a request without a token (401)', async () => {
        expect((await call(route)).status).toBe(401);
      });

      it.each([...ROLES])(
        'as %s: allowed only if the table lists the role, and nothing written when refused',
        async (role) => {
          const before = await writes(api);
          const answer = await call(route, `Bearer ${await tokenFor(someone(role))}`);
          const refusedForRole = answer.status === 403 && answer.body.reason === 'role';
          expect([role, refusedForRole]).toEqual([role, !(access as readonly Role[]).includes(role)]);
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expect(await writes(api)).toBe(before);
        },
      );
    });

    // Fastify answers a HEAD from the GET's handler; monitors and proxies send them.
    it.each(Object.entries(ROUTE_PERMISSIONS).filter(([route]) => route.startsWith('GET ')))(
      'HEAD of %s: the GET without its body, under the GET rule',
      async (route, access) => {
        const head = (who?: Role) =>
          who
            ? tokenFor(someone(who)).then((token) =>
                api.http.head(pathOf(route)).set('Authorization', `Bearer ${token}`),
              )
            : api.http.head(pathOf(route));
        if (access === 'public') {
          const answer = await head();
          expect([answer.status, answer.text ?? '']).toEqual([200, '']);
          return;
        }
        expect((await head()).status).toBe(401);
        const roles = access as readonly Role[];
        const allowed = await head(roles[0]);
        expect([allowed.status, allowed.text ?? '']).toEqual([200, '']);
        const refusedRole = ROLES.find((role) => !roles.includes(role));
        if (refusedRole) expect((await head(refusedRole)).status).toBe(403);
      },
    );

    const methodsOfPath = new Map<string, string[]>();
    for (const route of Object.keys(ROUTE_PERMISSIONS)) {
      const [method, path] = route.split(' ') as [string, string];
      const methods = methodsOfPath.get(path) ?? [];
      methodsOfPath.set(path, [...methods, method, ...(method === 'GET' ? ['HEAD'] : [])]);
    }

    it.each([...methodsOfPath])(
      '%s: any other method than its own gets 405 with Allow, with or without a token, and writes nothing',
      async (path, served) => {
        const expected = [...served].sort();
        const token = await tokenFor(someone('admin'));
        const before = await writes(api);
        for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
          if (served.includes(method)) continue;
          for (const authorization of [undefined, `Bearer ${token}`]) {
            const request = api.http[method.toLowerCase() as 'get'](pathOf(`${method} ${path}`));
            const answer = await (authorization ? request.set('Authorization', authorization) : request);
            const allow = String(answer.headers.allow ?? '')
              .split(', ')
              .sort();
            expect([method, answer.status, allow]).toEqual([method, 405, expected]);
            if (method !== 'HEAD') expect(answer.body.methods.sort()).toEqual(expected);
          }
        }
        expect(await writes(api)).toBe(before);
      },
    );

    // /docs/* is the OpenAPI page's files: a wildcard route that serves no file of that name.
    it.each([`/api/agreements/:id/nothing-here`, '/docs/nothing-here.js'])(
      'answers 404, not 405, for a path no method is served with: %s',
      async (path) => {
        for (const method of ['get', 'delete'] as const) {
          const answer = await api.http[method](path.replace(':id', agreementId));
          expect([method, answer.status, answer.headers.allow]).toEqual([method, 404, undefined]);
        }
      },
    );

    it.each(Object.entries(ROUTE_PERMISSIONS).filter(([, access]) => access === 'public'))(
      '%s answers without a token',
      async (route) => {
        expect((await call(route)).status).toBe(200);
      },
    );
  });

  describe('tokens signed another way than configured (HS256 with AUTH_JWT_SECRET)', () => {
    const claims = { name: 'x', roles: ['auditor'], unit: 'DITJENPAS' };
    it.each<[string, () => Promise<string>]>([
      [
        'HS512 with the right secret',
        () =>
          new SignJWT(claims)
            .setProtectedHeader({ alg: 'HS512' })
            .setSubject('x')
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
      ],
      [
        'RS256 with a key of its own',
        async () => {
          const { privateKey } = await generateKeyPair('RS256');
          return new SignJWT(claims)
            .setProtectedHeader({ alg: 'RS256' })
            .setSubject('x')
            .setExpirationTime('1h')
            .sign(privateKey);
        },
      ],
      [
        'HS256 without a subject',
        () =>
          new SignJWT(claims)
            .setProtectedHeader({ alg: 'HS256' })
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
      ],
    ])('refuses %s with 401', async (_what, token) => {
      const answer = await api.http.get('/api/units').set('Authorization', `Bearer ${await token()}`);
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('headers', () => {
    it('sends the security headers (helmet) and does not say what it runs on', async () => {
      const answer = await api.get('auditor', '/api/units');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(answer.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['x-request-id']).toBeDefined();
    });

    it('keeps CORS closed unless origins are configured', async () => {
      const preflight = await api.http
        .options('/api/agreements')
        .set('Origin', 'https://elsewhere.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await api.http.get('/health').set('Origin', 'https://elsewhere.example');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('a signed history export, verified offline', () => {
    it('holds the whole chain and a signature that the published key verifies', async () => {
      const exported = await api.get('auditor', `/api/agreements/${untouched}/history?format=jsonl`);
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toContain('application/jsonl');
      const key = (await api.get('auditor', '/api/export-key')).body.publicKeyPem;
      const verdict = await verifyHistoryExport(exported.text, key);
      expect(verdict).toMatchObject({
        signatureValid: true,
        chain: { valid: true, events: 2 },
        agreementId: untouched,
      });

      const altered = exported.text.replace('Kantor Bupati Maros', 'Kantor Bupati Gowa');
      expect(altered).not.toBe(exported.text);
      expect(await verifyHistoryExport(altered, key)).toMatchObject({
        signatureValid: false,
        chain: { valid: false, firstBrokenVersion: 2 },
      });
    });
  });

  describe('tamper evidence', () => {
    it('shows an event edited directly in PostgreSQL as a broken chain at its version', async () => {
      expect((await api.get('auditor', `/api/agreements/${untouched}/verification`)).body).toEqual({
        valid: true,
        events: 2,
      });
      await api.db.pool.query(`
        alter table events disable trigger events_immutable;
        update events set data = jsonb_set(data, '{place}', '"Kantor Camat"')
          where stream_id = 'agreement-${untouched}' and version = 2;
        alter table events enable trigger events_immutable;`);
      expect((await api.get('auditor', `/api/agreements/${untouched}/verification`)).body).toEqual({
        valid: false,
        events: 2,
        firstBrokenVersion: 2,
      });
    });

    it('refuses the edit while the immutability trigger stands', async () => {
      await expect(
        api.db.pool.query(`update events set type = 'X' where stream_id = 'agreement-${untouched}'`),
      ).rejects.toThrow(/never changed or deleted/);
    });
  });
});

// Fastify's CORS plugin answers preflights through a route of its own for every path (`OPTIONS *`).
describe('with CORS origins configured', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ CORS_ORIGINS: 'https://kemitraan.example' });
  });
  afterAll(() => api.close());

  it('answers a preflight from a configured origin, and still 404 for a path no method is served with', async () => {
    const preflight = await api.http
      .options('/api/agreements')
      .set('Origin', 'https://kemitraan.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBe('https://kemitraan.example');
    for (const method of ['get', 'delete'] as const) {
      const answer = await api.http[method]('/api/nothing-here');
      expect([method, answer.status, answer.headers.allow]).toEqual([method, 404, undefined]);
    }
    const deleted = await api.http.delete('/api/units');
    expect([deleted.status, deleted.headers.allow]).toEqual([405, 'GET, HEAD, POST']);
  });
});

let requester = 0;
/**
 * GET /api/units through a proxy that says it came from `client`, each time as an auditor never
 * seen before, so that only the count per address can refuse it.
 */
const forwardedFor = async (api: TestApi, client: string) =>
  api.http
    .get('/api/units')
    .set('Authorization', `Bearer ${await tokenFor({ ...someone('auditor'), sub: `auditor-${++requester}` })}`)
    .set('X-Forwarded-For', client);

describe('rate limits (RATE_LIMIT=5 per minute)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT: '5' });
  });
  afterAll(() => api.close());

  it('answers the sixth request of the minute from one address with 429 problem+json and Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await api.get('auditor', '/api/units')).status).toBe(200);
    const refused = await api.get('operatorMaros', '/api/units');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const badToken = await api.http.get('/api/units').set('Authorization', 'Bearer nonsense');
    expect(badToken.status).toBe(429);
  });

  it('never limits the health checks a load balancer makes', async () => {
    for (let i = 0; i < 8; i++) expect((await api.http.get('/health')).status).toBe(200);
  });

  it('counts by the peer, not by an X-Forwarded-For anyone can send, without TRUST_PROXY', async () => {
    const limited = await startTestApi({ RATE_LIMIT: '5' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) {
        statuses.push((await forwardedFor(limited, `10.0.0.${i}`)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('rate limits behind a load balancer (RATE_LIMIT=5, TRUST_PROXY of the balancer)', () => {
  // The tests reach the server from 127.0.0.1: here, the balancer's address.
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ RATE_LIMIT: '5', TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => api.close());

  it('counts each client the balancer names in X-Forwarded-For on its own', async () => {
    const from = (client: string) => forwardedFor(api, client);
    for (let i = 0; i < 5; i++) expect((await from('10.0.0.1')).status).toBe(200);
    expect((await from('10.0.0.1')).status).toBe(429);
    // Only the hop the balancer added is trusted: a client's own X-Forwarded-For names no one else.
    expect((await from('10.0.0.9, 10.0.0.1')).status).toBe(429);
    expect((await from('10.0.0.2')).status).toBe(200);
  });

  it('believes no X-Forwarded-For from a peer that is not the balancer', async () => {
    const direct = await startTestApi({ RATE_LIMIT: '5', TRUST_PROXY: '10.9.9.9' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await forwardedFor(direct, `10.0.0.${i}`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await direct.close();
    }
  });
});

describe('logs of the built server', () => {
  it('name the request on its access line and on the lines logged while it runs, and never show a token, a secret or a stack trace in a problem', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-logs-'));
    const db = await createTestDatabase();
    const server = await startServerProcess({
      DATABASE_URL: db.url,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
    });
    try {
      const token = await tokenFor(someone('auditor'));
      const ok = await fetch(`${server.url}/api/units`, {
        headers: { authorization: `Bearer ${token}`, 'x-request-id': 'log-test-1' },
      });
      expect(ok.status).toBe(200);
      const bad = await fetch(`${server.url}/api/agreements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}x`, 'content-type': 'application/json' },
        body: '{"title": "x"}',
      });
      expect(bad.status).toBe(401);
      expect(JSON.stringify(await bad.json())).not.toMatch(/stack|at .*\.js/);
      // An unexpected failure while the request runs: its logged error must name the request.
      await db.pool.query('alter table units rename to units_gone');
      const failed = await fetch(`${server.url}/api/units`, {
        headers: { authorization: `Bearer ${token}`, 'x-request-id': 'log-test-2' },
      });
      expect(failed.status).toBe(500);
      expect(failed.headers.get('x-request-id')).toBe('log-test-2');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const output = server.output();
      const linesOf = (id: string) =>
        output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { req?: { id?: string }; context?: string; msg?: string })
          .filter((line) => line.req?.id === id)
          .map(({ context, msg }) => ({ context, msg }));
      expect(linesOf('log-test-1')).toEqual([{ context: undefined, msg: 'request completed' }]);
      expect(linesOf('log-test-2')).toEqual([
        { context: 'Problem', msg: 'An unexpected error occurred; it was logged.' },
        { context: undefined, msg: 'request errored' },
      ]);
      expect(output).not.toContain(token.split('.')[2]!);
      expect(output).not.toContain(TEST_JWT_SECRET);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
