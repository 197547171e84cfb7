import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { Actor } from '@kemitraan/agreements/domain';
import { ACTORS, type ActorKey } from '@kemitraan/testing';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from '@kemitraan/testing/database/test-database';
import { TEST_JWT_SECRET, tokenFor } from '@kemitraan/testing/http/tokens';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { createServer } from '../../apps/api/src/server';

type Who = ActorKey | Actor;

export interface TestApi {
  readonly db: TestDatabase;
  readonly http: ReturnType<typeof request>;
  /** Every route the application registered, as `METHOD /path/:param` (HEAD copies left out). */
  readonly routes: readonly string[];
  get(who: Who, path: string): Promise<request.Response>;
  post(who: Who, path: string, body?: unknown, headers?: Record<string, string>): Promise<request.Response>;
  /** What the application's container provides for `token`, for a test that must reach inside. */
  provider<T>(token: symbol | string): T;
  /** Listens on a free port of 127.0.0.1, for a client that needs a socket of its own; answers it. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

const actorOf = (who: Who): Actor => (typeof who === 'string' ? ACTORS[who] : who);

/**
 * The real application (Fastify, guards, pipes, handlers, PostgreSQL event store) on a database
 * of its own, driven over HTTP with supertest.
 */
export async function startTestApi(
  env: Record<string, string | undefined> = {},
  database: TestDatabaseOptions = {},
): Promise<TestApi> {
  const db = await createTestDatabase(database);
  const dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-e2e-'));
  const config = loadConfig({
    DATABASE_URL: db.url,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT: '0',
    // Jest runs the TypeScript sources: a rebuild thread needs the built files, so the rebuild
    // runs on the test's thread here; the built server's thread is tested in server-process.e2e.
    REBUILD_HEAP_MB: '0',
    ...env,
  });
  const app: NestFastifyApplication = await createServer(config);
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = request(app.getHttpServer());
  const bearer = async (who: Who) => `Bearer ${await tokenFor(actorOf(who))}`;
  return {
    db,
    http,
    routes,
    get: async (who, path) => http.get(path).set('Authorization', await bearer(who)),
    post: async (who, path, body, headers = {}) => {
      const call = http
        .post(path)
        .set('Authorization', await bearer(who))
        .set(headers);
      return body === undefined ? call : call.send(body as object);
    },
    provider: (token) => app.get(token),
    listen: async () => {
      await app.listen(0, '127.0.0.1');
      return (app.getHttpServer().address() as AddressInfo).port;
    },
    close: async () => {
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
