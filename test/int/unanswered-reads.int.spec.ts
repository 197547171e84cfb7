import { Client, type Pool } from 'pg';
import { createPool, isUnavailable } from '@kemitraan/postgres';
import { ListAgreementsQuery } from '@kemitraan/projections/agreements/list-agreements.query';
import { ListAgreementsHandler } from '@kemitraan/projections/agreements/list-agreements.handler';
import { RegisterReportQuery } from '@kemitraan/projections/agreements/register-report.query';
import { RegisterReportHandler } from '@kemitraan/projections/agreements/register-report.handler';
import { ExpiringAgreementsQuery } from '@kemitraan/projections/agreements/approval-and-expiry-reports.query';
import {
  ExpiringAgreementsHandler,
  PendingApprovalsHandler,
} from '@kemitraan/projections/agreements/approval-and-expiry-reports.handler';
import { OutputsReportQuery } from '@kemitraan/projections/execution-outputs/outputs-report.query';
import { OutputsReportHandler } from '@kemitraan/projections/execution-outputs/outputs-report.handler';
import { PipelineReportHandler } from '@kemitraan/projections/stage-durations/pipeline-report.handler';
import { ReadModelReader } from '@kemitraan/projections/read-models/read-model-reader';
import { createTestDatabase, type TestDatabase } from '@kemitraan/testing/database/test-database';

/** The bound given to the handlers here; the server's is READ_ANSWER_MS. */
const ANSWER_WITHIN_MS = 300;
/** What a loaded machine may add to the bound before pg's timer runs. */
const SLACK_MS = 3_000;

const clock = { now: () => new Date('2026-12-03T08:00:00Z') };

const reader = (pool: Pool) => new ReadModelReader(pool, ANSWER_WITHIN_MS);

/** Each read of the read models, as its handler runs it, with the bound given here. */
const READS: ReadonlyArray<[string, (pool: Pool) => Promise<unknown>]> = [
  ['the list', (pool) => new ListAgreementsHandler(reader(pool)).execute(new ListAgreementsQuery({}, 20, 0))],
  ['the register', (pool) => new RegisterReportHandler(reader(pool)).execute(new RegisterReportQuery('unit'))],
  ['the pending approvals', (pool) => new PendingApprovalsHandler(reader(pool), clock).execute()],
  [
    'the expiring agreements',
    (pool) =>
      new ExpiringAgreementsHandler(reader(pool), clock, 'Asia/Jakarta').execute(new ExpiringAgreementsQuery(90)),
  ],
  ['the outputs', (pool) => new OutputsReportHandler(reader(pool)).execute(new OutputsReportQuery('unit'))],
  ['the pipeline', (pool) => new PipelineReportHandler(reader(pool)).execute()],
];

/**
 * A read PostgreSQL receives but does not answer, as when its host or disk stalls: here, because
 * another session holds the read models' table. Unbounded, each such read held its pooled
 * connection until PostgreSQL answered.
 */
describe('a read of the read models that PostgreSQL does not answer in time', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each(READS)('%s answers unavailable by its bound, and gives its connection back', async (_, read) => {
    // One connection: a read still holding it would leave the next read waiting for it.
    const pool = createPool({ url: db.url, max: 1 });
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table projection_rows in access exclusive mode');
    // Without a bound the read ends, and the test fails, when this lets the table go.
    const guard = setTimeout(() => void holder.query('rollback'), 2 * ANSWER_WITHIN_MS + SLACK_MS);
    const started = Date.now();
    let outcome: unknown;
    try {
      outcome = await read(pool).catch((error: unknown) => error);
    } finally {
      clearTimeout(guard);
      await holder.query('rollback');
      await holder.end();
    }
    const ms = Date.now() - started;
    try {
      expect(outcome).toBeInstanceOf(Error);
      expect(isUnavailable(outcome)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 10);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS + SLACK_MS);
      expect(pool.totalCount).toBe(0);
      // The pool's one place is free again, and the table answers.
      await expect(read(pool)).resolves.toBeDefined();
    } finally {
      await pool.end();
    }
  });
});
