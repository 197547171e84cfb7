import type { ReadModelEvent } from '@kemitraan/event-store';

type Batch = readonly ReadModelEvent[];

/** What a rebuild does with the batches of one way of reading the log. */
export interface BatchSteps {
  /** Reads the batch after this one (started before this one is folded). */
  readonly next: (events: Batch) => Promise<Batch>;
  readonly fold: (events: Batch) => Promise<void>;
  readonly flushDue: () => boolean;
  readonly flush: () => Promise<void>;
  /** At the end of what there is to read, after the last flush in flight: whether to stop. */
  readonly atEnd: () => Promise<boolean>;
  /** Reads on after an end that did not stop; without it, an end stops. */
  readonly again?: () => Promise<Batch>;
}

/**
 * Folds batch after batch, the next one asked for before this one is folded, flushing whenever
 * one is due: one flush at a time, written while the next batches are folded. Returns when
 * `atEnd` says so, or when stopped; a flush in flight is awaited (its failure is the caller's to
 * see by its checkpoints).
 *
 * Over `pg`'s pool the next batch's statement goes out only when the fold lets the loop turn (the
 * pool hands a statement its connection on the next tick), so mostly after it. A turn of the loop
 * before folding sent it during the fold, but rebuilds were no faster overall: the time saved
 * waiting for reads went to waiting for flushes and to the turn itself (docs/performance-notes.md,
 * second session of 2026-12-05).
 */
export async function foldBatches(signal: AbortSignal, first: Promise<Batch>, steps: BatchSteps): Promise<void> {
  let next = first;
  let flushing: Promise<void> = Promise.resolve();
  try {
    while (!signal.aborted) {
      const events = await next;
      if (events.length === 0) {
        await flushing;
        if ((await steps.atEnd()) || !steps.again) return;
        next = steps.again();
        continue;
      }
      next = steps.next(events);
      await steps.fold(events);
      if (steps.flushDue()) {
        await flushing;
        flushing = settledLater(steps.flush());
      }
    }
  } finally {
    await flushing.catch(() => undefined);
  }
}

/** A promise that may be awaited later: its failure is never reported as unhandled meanwhile. */
export function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
