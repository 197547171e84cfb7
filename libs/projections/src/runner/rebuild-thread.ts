import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunnerLog } from './projection-runner';
import type { FromRebuildThread, RebuildThreadData, ToRebuildThread } from './rebuild-thread.messages';

export interface RebuildThreadOptions extends RebuildThreadData {
  /** The ceiling of the thread's old-generation heap, whatever the log's size. */
  readonly heapMb: number;
  readonly log: RunnerLog;
  readonly caughtUp: (projection: string) => Promise<boolean>;
}

/** The thread's body, beside this file in the built output (the TypeScript sources have no `.js`). */
const THREAD_BODY = join(__dirname, 'rebuild-thread.main.js');

/** Throws at start-up, not at the first rebuild, when this build cannot start a rebuild thread. */
export function assertRebuildThreadAvailable(): void {
  if (!existsSync(THREAD_BODY)) {
    throw new Error(
      `${THREAD_BODY} is missing: rebuilds need the built output, or REBUILD_HEAP_MB=0 to run on this thread.`,
    );
  }
}

/** How long a stopped rebuild may take to finish its flush before its thread is ended. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs a rebuild in a worker thread of its own: its folding runs off the event loop that serves
 * this process's requests, and its heap has a ceiling of its own. The switch-over is still decided here,
 * by the supervisor. Settles when the thread ends: fulfilled when it finished or was stopped,
 * rejected when it failed (out of memory included); the checkpoints keep what it wrote.
 */
export function rebuildInThread(options: RebuildThreadOptions, signal: AbortSignal): Promise<void> {
  const { heapMb, log, caughtUp, ...data } = options;
  const workerData: RebuildThreadData = data;
  const worker = new Worker(THREAD_BODY, {
    workerData,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  log.info(`rebuild#${data.generation}: reading the log in a worker thread (heap ceiling ${heapMb} MB).`);
  const send = (message: ToRebuildThread) => worker.postMessage(message);
  worker.on('message', (message: FromRebuildThread) => {
    if (message.kind === 'log') log[message.level](message.message);
    else
      caughtUp(message.projection).then(
        (switched) => send({ kind: 'caught-up', id: message.id, switched }),
        (error: unknown) => {
          log.warn(`rebuild#${data.generation}: could not switch over: ${String(error)}`);
          send({ kind: 'caught-up', id: message.id, switched: false });
        },
      );
  });
  let deadline: NodeJS.Timeout | undefined;
  const stop = () => {
    send({ kind: 'stop' });
    deadline = setTimeout(() => {
      log.warn(`rebuild#${data.generation}: the thread did not stop within ${STOP_GRACE_MS} ms; ending it.`);
      void worker.terminate();
    }, STOP_GRACE_MS);
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    worker.once('error', (error: Error & { code?: string }) => {
      failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(`The rebuild thread ran out of its ${heapMb} MB heap (REBUILD_HEAP_MB).`, { cause: error })
          : error;
    });
    worker.once('exit', (code) => {
      clearTimeout(deadline);
      signal.removeEventListener('abort', stop);
      if (failure) reject(failure);
      else if (code === 0 || signal.aborted) resolve();
      else reject(new Error(`The rebuild thread exited with code ${code}.`));
    });
  });
}
