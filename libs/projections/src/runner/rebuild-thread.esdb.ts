import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventStore } from '@kemitraan/event-store';
import { EsdbEventStore } from '@kemitraan/event-store/esdb/esdb-event-store';

/** A rebuild thread's EventStoreDB / KurrentDB store, and how to let it go. */
export function openEsdbStore(url: string): { store: EventStore; close(): Promise<void> } {
  const client = KurrentDBClient.connectionString(url);
  return { store: new EsdbEventStore(client), close: () => client.dispose() };
}
