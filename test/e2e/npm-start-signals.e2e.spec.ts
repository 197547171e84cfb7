import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_JWT_SECRET } from '@kemitraan/testing/http/tokens';
import { isAlive, parentOf, postmasterPid } from '@kemitraan/postgres';
import { cleanUpDataDir, startServerProcess, type ServerProcess } from '../support/server-process';

// A process manager, `docker stop` or a plain `kill` signals npm, not the server npm started. npm
// hands the signal to its child only; a shell between npm and node would die of it and leave the
// server serving, and its PostgreSQL holding DATA_DIR, so the next `npm start` could not start.
describe('`npm start` on SIGTERM to npm', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let serverPid: number | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kemitraan-npm-start-'));
  });
  afterAll(async () => {
    if (serverPid && isAlive(serverPid)) process.kill(serverPid, 'SIGKILL');
    await cleanUpDataDir(dataDir, server);
  });

  it('runs the built server after the build, as `npm run start:built` does', () => {
    const { scripts } = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(`npm run build && ${scripts['start:built']}`);
  });

  it('stops the server and its PostgreSQL, and npm exits when they have', async () => {
    server = await startServerProcess(
      { DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET },
      { npmScript: 'start:built' },
    );
    const postgres = postmasterPid(join(dataDir, 'pg'))!;
    const owner = parentOf(postgres);
    expect(owner).not.toBeNull();
    serverPid = owner!;
    expect(serverPid).not.toBe(server.child.pid);

    server.child.kill('SIGTERM');
    expect([0, 'SIGTERM']).toContain(await server.exited);
    expect({ server: isAlive(serverPid), postgres: isAlive(postgres) }).toEqual({ server: false, postgres: false });
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    server = undefined;
  });
});
