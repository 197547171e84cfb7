import { parentPort, workerData } from 'node:worker_threads';
import type { Pool } from 'pg';
import type { EventStore } from '@kemitraan/event-store';
import { PostgresEventStore } from '@kemitraan/event-store/postgres/postgres-event-store';
import { createPool } from '@kemitraan/postgres/pool';
import { PROJECTIONS } from '../projections.list';
import type { RunnerLog } from './projection-runner';
import { RebuildRunner } from './rebuild-runner';
import type { FromRebuildThread, RebuildThreadData, ToRebuildThread } from './rebuild-thread.messages';
import { Ticker } from './ticker';

/*
 * The body of a rebuild thread (see rebuild-thread.ts): a RebuildRunner with a pool and an event
 * store of its own, asking the server whether the reads switched over and logging through it.
 */

const port = parentPort!;
const data = workerData as RebuildThreadData;
const send = (message: FromRebuildThread) => port.postMessage(message);
const log: RunnerLog = {
  info: (message) => send({ kind: 'log', level: 'info', message }),
  warn: (message) => send({ kind: 'log', level: 'warn', message }),
  error: (message) => send({ kind: 'log', level: 'error', message }),
};

const answers = new Map<number, (switched: boolean) => void>();
let asked = 0;
const caughtUp = (projection: string) =>
  new Promise<boolean>((answer) => {
    const id = ++asked;
    answers.set(id, answer);
    send({ kind: 'caught-up?', id, projection });
  });

const stop = new AbortController();
port.on('message', (message: ToRebuildThread) => {
  if (message.kind === 'stop') stop.abort();
  else {
    answers.get(message.id)?.(message.switched);
    answers.delete(message.id);
  }
});

/** The events' store, and how to let it go. */
function openStore(pool: Pool): { store: EventStore; close(): Promise<void> } {
  if (data.store.kind === 'postgres') return { store: new PostgresEventStore(pool), close: async () => undefined };
  // Loaded only here: the gRPC client would take about 14 MB of the thread's capped heap.
  const { openEsdbStore } = require('./rebuild-thread.esdb') as typeof import('./rebuild-thread.esdb');
  return openEsdbStore(data.store.url);
}

async function rebuild(): Promise<void> {
  const pool = createPool({ url: data.databaseUrl, max: 3, onError: (e) => log.warn(`rebuild: ${e.message}`) });
  const { store, close } = openStore(pool);
  try {
    await new RebuildRunner({
      pool,
      store,
      projections: PROJECTIONS,
      generation: data.generation,
      ticker: new Ticker(),
      log,
      pollMs: data.pollMs,
      caughtUp,
    }).run(stop.signal);
  } finally {
    await close();
    await pool.end();
    port.close();
  }
}

// A failure here rejects unhandled, which ends the thread with an 'error' the server logs.
void rebuild();
