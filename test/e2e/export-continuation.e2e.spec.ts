import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chainEvents, type NewEvent } from '@kemitraan/event-store';
import { SEED_STORIES } from '@kemitraan/testing';
import { verifyContinuation } from '../../apps/api/src/exports/export-continuation';
import { tellStory } from '../support/story-teller';
import { startTestApi, type TestApi } from '../support/test-api';

const CLI_MAIN = resolve(__dirname, '../../dist/apps/api/apps/api/src/cli/main.js');
const maros = SEED_STORIES.find((s) => s.seed.startsWith('002'))!;
const audiensi = {
  heldOn: '2025-08-11',
  place: 'Lapas Kelas IIA Maros',
  attendees: [{ name: 'Ali Imran', role: 'Kalapas', organization: 'Lapas Maros' }],
  summary: 'Audiensi lanjutan',
};

/**
 * What an auditor can show with two exports of one agreement, the earlier kept since: the later
 * must hold every event of the earlier, unchanged. A database superuser who rewrites the stream
 * and every later hash, or cuts off its newest events, makes a later export that verifies on its
 * own; against the earlier one, it does not.
 */
describe('a later history export against an earlier one (verify-export --earlier)', () => {
  let api: TestApi;
  let key: string;
  let folder: string;

  const exportOf = async (id: string) =>
    (await api.get('auditor', `/api/agreements/${id}/history?format=jsonl`)).text as string;
  const stream = (id: string) => `agreement-${id}`;
  /** Runs a statement with the log's triggers off, as a superuser could. */
  async function asSuperuser(sql: string, values: unknown[]): Promise<void> {
    const client = await api.db.pool.connect();
    try {
      await client.query('begin');
      await client.query('alter table events disable trigger user');
      await client.query(sql, values);
      await client.query('alter table events enable trigger user');
      await client.query('commit');
    } finally {
      client.release();
    }
  }

  /** Rewrites version 2 onwards as a superuser would: a changed event, and every later hash made again. */
  async function rewriteFromVersion2(id: string, place: string): Promise<void> {
    const { rows } = await api.db.pool.query(
      'select version, event_id, type, data, metadata, hash from events where stream_id = $1 order by version',
      [stream(id)],
    );
    const rest: NewEvent[] = rows.slice(1).map((row, i) => ({
      eventId: row.event_id,
      type: row.type,
      data: i === 0 ? { ...row.data, place } : row.data,
      metadata: row.metadata,
    }));
    for (const event of chainEvents(stream(id), { version: 1, hash: rows[0].hash }, rest)) {
      await asSuperuser(
        'update events set data = $3, hash = $4, previous_hash = $5 where stream_id = $1 and version = $2',
        [event.streamId, event.version, event.data, event.hash, event.previousHash],
      );
    }
  }

  beforeAll(async () => {
    api = await startTestApi();
    key = (await api.get('auditor', '/api/export-key')).body.publicKeyPem;
    folder = await mkdtemp(join(tmpdir(), 'kemitraan-exports-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await api.close();
  });

  it('holds when the agreement only moved on since', async () => {
    const { agreementId } = await tellStory(api.post, maros);
    const earlier = await exportOf(agreementId);
    expect((await api.post('kalapasMaros', `/api/agreements/${agreementId}/audiensi`, audiensi)).status).toBe(200);
    const later = await exportOf(agreementId);
    const verdict = await verifyContinuation(earlier, later, key);
    expect(verdict).toMatchObject({ continues: true, earlierEvents: maros.steps.length });
    expect(verdict.laterEvents).toBe(maros.steps.length + 1);
  });

  it('shows a rewritten event, though the rewritten stream verifies and exports cleanly', async () => {
    const { agreementId } = await tellStory(api.post, maros);
    const earlier = await exportOf(agreementId);
    await rewriteFromVersion2(agreementId, 'Kantor Camat');
    expect((await api.get('auditor', `/api/agreements/${agreementId}/verification`)).body.valid).toBe(true);
    const later = await exportOf(agreementId);
    expect(await verifyContinuation(earlier, later, key)).toMatchObject({
      continues: false,
      firstDifferentVersion: 2,
      problem: expect.stringContaining('rewritten'),
    });
  });

  it('shows events cut off, and the command line exits 1 saying so', async () => {
    const { agreementId } = await tellStory(api.post, maros);
    const earlier = await exportOf(agreementId);
    await asSuperuser('delete from events where stream_id = $1 and version = $2', [
      stream(agreementId),
      maros.steps.length,
    ]);
    const later = await exportOf(agreementId);
    await Promise.all([
      writeFile(join(folder, 'earlier.jsonl'), earlier),
      writeFile(join(folder, 'later.jsonl'), later),
      writeFile(join(folder, 'key.pem'), key),
    ]);
    const run = await promisify(execFile)(
      process.execPath,
      [CLI_MAIN, 'verify-export', join(folder, 'later.jsonl'), '--public-key', join(folder, 'key.pem')],
      { timeout: 60_000 },
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ signatureValid: true, chain: { valid: true } });
    const compared = await promisify(execFile)(
      process.execPath,
      [
        CLI_MAIN,
        'verify-export',
        join(folder, 'later.jsonl'),
        '--public-key',
        join(folder, 'key.pem'),
        '--earlier',
        join(folder, 'earlier.jsonl'),
      ],
      { timeout: 60_000 },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (failed: { code: number; stdout: string }) => failed,
    );
    expect(compared.code).toBe(1);
    expect(JSON.parse(compared.stdout).continuation).toMatchObject({
      continues: false,
      firstDifferentVersion: maros.steps.length,
      problem: expect.stringContaining('cut off'),
    });
  });

  it('refuses to compare exports of two agreements', async () => {
    const [a, b] = [await tellStory(api.post, maros), await tellStory(api.post, maros)];
    const verdict = await verifyContinuation(await exportOf(a.agreementId), await exportOf(b.agreementId), key);
    expect(verdict).toMatchObject({ continues: false, problem: 'the two exports are of different agreements' });
  });
});
