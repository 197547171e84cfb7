import type { RecordedAgreementEvent } from '@kemitraan/agreements/domain';
import type { StoredEvent } from '@kemitraan/event-store';
import { foldedPartOf } from '@kemitraan/event-store/testing/contract';
import type { Projection } from '@kemitraan/projections';
import { AGREEMENT_ID } from '../decider/command-builder';

let position = 0n;

/** Recorded domain facts as the log hands them to a projection: with stream, metadata and position. */
export function asStored(history: readonly RecordedAgreementEvent[], agreementId = AGREEMENT_ID): StoredEvent[] {
  return history.map((event) => {
    position += 1n;
    const { actor, at, version } = event.recorded;
    return {
      eventId: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
      streamId: `agreement-${agreementId}`,
      version,
      type: event.type,
      data: event.data as unknown as StoredEvent['data'],
      metadata: {
        actor: { ...actor, roles: [...actor.roles] },
        at,
        commandId: `cmd-${position}`,
        correlationId: `cmd-${position}`,
        causationId: `cmd-${position}`,
        machineVersion: 'agreement@1',
      },
      hash: 'a'.repeat(64),
      previousHash: version === 1 ? null : 'a'.repeat(64),
      position: { commit: position, prepare: position },
    };
  });
}

/**
 * A row frozen all the way down. The runners write only rows a projection answers anew (the very
 * row given back means unchanged), so a projection that changed its row in place would lose the
 * change: handing it frozen rows makes such a change throw in its tests instead.
 */
function frozen<Row>(row: Row): Row {
  if (typeof row === 'object' && row !== null && !Object.isFrozen(row)) {
    Object.freeze(row);
    for (const value of Object.values(row)) frozen(value);
  }
  return row;
}

/**
 * Folds events into a projection's rows, as the runner would. Each event is handed over as the read
 * models read it (`foldedPartOf`), the least a projection is ever given: with no hashes and only who
 * and when of its metadata, so a projection that reached for more fails its tests.
 */
export function projectAll<Row extends object>(projection: Projection<Row>, stored: readonly StoredEvent[]) {
  const rows = new Map<string, Row>();
  for (const event of stored.map(foldedPartOf)) {
    const key = projection.keyOf(event);
    if (key === null) continue;
    const row = projection.apply(rows.get(key) ?? null, event);
    if (row === null) rows.delete(key);
    else rows.set(key, frozen(row));
  }
  return rows;
}

/** `projecting(p).given(events).when(event)`: the row it leaves, or the refusal it throws. */
export function projecting<Row extends object>(projection: Projection<Row>) {
  return {
    given: (history: readonly StoredEvent[]) => ({
      when: (stored: StoredEvent) => {
        const event = foldedPartOf(stored);
        const rows = projectAll(projection, history);
        const key = projection.keyOf(event);
        return {
          key,
          row: () => (key === null ? null : projection.apply(rows.get(key) ?? null, event)),
          before: key === null ? null : (rows.get(key) ?? null),
        };
      },
    }),
  };
}
