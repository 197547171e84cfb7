import { WrongExpectedVersionError, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { isAfter, type LogPosition } from '../event-store.port';
import type { EsdbEventData, EsdbRecordedEvent } from './esdb-event-mapping';
import { applicationEvents, isServerRecord, readFrom } from './esdb-positions';

/**
 * Kemitraan's events after `after` in log order, read `pageSize` at a time. The server's own
 * records are passed over, page after page if need be, so that the reader runs out only at the
 * log's end: a reader answered short, or a count cut short, would stop before them for good.
 */
export async function* eventsAfter(
  client: KurrentDBClient,
  after: LogPosition,
  pageSize: number,
): AsyncGenerator<EsdbRecordedEvent> {
  let from = after;
  for (;;) {
    let read = 0;
    // Reading `$all` from a position includes the event at it; the port's `after` excludes it.
    for await (const resolved of client.readAll({
      fromPosition: readFrom(from),
      maxCount: pageSize + 1,
      filter: applicationEvents(),
    })) {
      const event = resolved.event as EsdbRecordedEvent | undefined;
      if (!event?.position || !isAfter(event.position, from)) continue;
      read += 1;
      from = event.position;
      if (!isServerRecord(event)) yield event;
    }
    if (read < pageSize) return;
  }
}

/** One stream's part of an append, as the client takes it. */
export interface StreamRequest {
  readonly streamName: string;
  readonly events: EsdbEventData[];
  readonly expectedState: 'no_stream' | bigint;
}

export async function appendToOneStream(
  client: KurrentDBClient,
  { streamName, events, expectedState }: StreamRequest,
): Promise<void> {
  const result = await client.appendToStream(streamName, events, { streamState: expectedState });
  // With `throwOnAppendFailure=false` in the connection string, a wrong expected revision
  // resolves rather than throws: taken for success, it would answer 2xx for nothing written.
  if (!result.success) {
    const current = result.nextExpectedRevision < 0n ? 'no_stream' : result.nextExpectedRevision;
    throw new WrongExpectedVersionError(undefined, { streamName, expected: expectedState, current });
  }
}
