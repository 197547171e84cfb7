import type { EventStore } from '@kemitraan/event-store';
import { EsdbConnection } from '@kemitraan/event-store/esdb/esdb-connection';
import { EsdbEventStore } from '@kemitraan/event-store/esdb/esdb-event-store';

/** A rebuild thread's EventStoreDB / KurrentDB store, and how to let it go. */
export function openEsdbStore(url: string): { store: EventStore; close(): Promise<void> } {
  const connection = EsdbConnection.to(url);
  return { store: new EsdbEventStore(connection), close: () => connection.dispose() };
}
