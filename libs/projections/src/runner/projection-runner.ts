import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, LogPosition } from '@kemitraan/event-store';
import { CheckpointMoved, isPoison } from './projection.errors';
import type { ProjectionWriter } from './projection-writer';
import { FailurePacing } from './failure-pacing';
import type { RetryPolicy } from './retry-policy';
import type { Ticker } from './ticker';

export interface RunnerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOptions {
  readonly store: EventStore;
  readonly writer: ProjectionWriter;
  readonly ticker: Ticker;
  readonly retry: RetryPolicy;
  readonly log: RunnerLog;
  readonly batchSize: number;
  readonly pollMs: number;
}

/**
 * Follows the log from the projection's checkpoint, batch by batch. A batch that fails is taken
 * apart: its first event alone is retried with back-off and parked if it keeps failing, so one
 * poison event neither stops the projection nor is applied twice. An outage is waited out.
 */
export class ProjectionRunner {
  constructor(private readonly options: RunnerOptions) {}

  async run(signal: AbortSignal): Promise<void> {
    const { store, writer, ticker, log, pollMs } = this.options;
    const name = `${writer.projection.name}#${writer.generation}`;
    let position: LogPosition | null = null;
    let single = false;
    let failures = 0;
    const outages = new FailurePacing();
    while (!signal.aborted) {
      try {
        position ??= (await writer.checkpoint()).position;
        const asked = single ? 1 : this.options.batchSize;
        const batch = await store.readAllForReadModels(position, asked);
        outages.succeeded();
        if (batch.length === 0) {
          await ticker.wait(pollMs, signal);
          continue;
        }
        position = await writer.write(position, batch);
        single = false;
        failures = 0;
        // A short batch was the end of the log: wait for the next append instead of asking again.
        if (batch.length < asked) await ticker.wait(pollMs, signal);
      } catch (error) {
        if (error instanceof CheckpointMoved) {
          log.warn(`${name}: ${error.message} Stopping.`);
          return;
        }
        if (!isPoison(error)) {
          log.warn(`${name}: cannot reach the log or the read models (${String(error)}); retrying.`);
          await sleep(outages.failed(), undefined, { signal }).catch(() => undefined);
          continue;
        }
        if (!single) {
          single = true;
          continue;
        }
        failures += 1;
        if (failures < this.options.retry.attempts) {
          log.warn(`${name}: ${(error as Error).message} (attempt ${failures}); retrying.`);
          await sleep(this.options.retry.delayMs(failures), undefined, { signal }).catch(() => undefined);
          continue;
        }
        position = await this.park(position!, error, failures, name).catch(() => position);
        failures = 0;
        single = false;
      }
    }
  }

  private async park(from: LogPosition, error: unknown, attempts: number, name: string): Promise<LogPosition> {
    const [event] = await this.options.store.readAllForReadModels(from, 1);
    if (!event) return from;
    this.options.log.error(
      `${name}: parked ${event.type} ${event.streamId}@${event.version} after ${attempts} attempts: ${String(error)}`,
    );
    return this.options.writer.park(from, event, attempts, error);
  }
}
