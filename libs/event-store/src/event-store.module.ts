import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EsdbConnection } from './esdb/esdb-connection';
import type { Pool } from 'pg';
import { PG_POOL } from '@kemitraan/postgres';
import { EVENT_STORE } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Where the events go: PostgreSQL (the default), or EventStoreDB / KurrentDB by connection string. */
export type EventStoreChoice = { readonly kind: 'postgres' } | { readonly kind: 'esdb'; readonly url: string };

/** EventStoreDB when its connection string is given, PostgreSQL otherwise. */
export const eventStoreChoice = (eventStoreUrl: string | undefined): EventStoreChoice =>
  eventStoreUrl ? { kind: 'esdb', url: eventStoreUrl } : { kind: 'postgres' };

const ESDB_CONNECTION = Symbol('EsdbConnection');

/** The KurrentDB client and adapter, required when chosen (see EventStoreModule). */
const loadEsdb = () => ({
  EsdbConnection: (require('./esdb/esdb-connection') as typeof import('./esdb/esdb-connection')).EsdbConnection,
  EsdbEventStore: (require('./esdb/esdb-event-store') as typeof import('./esdb/esdb-event-store')).EsdbEventStore,
});

@Injectable()
class EsdbClientShutdown implements OnApplicationShutdown {
  constructor(@Inject(ESDB_CONNECTION) private readonly connection: EsdbConnection) {}

  onApplicationShutdown(): Promise<void> {
    return this.connection.dispose();
  }
}

/**
 * Chooses the event-store adapter at the composition root. The KurrentDB client and adapter are
 * loaded only when chosen: the client alone took 136 ms of a server's start-up on PostgreSQL
 * (docs/performance-notes.md, sixth session of 2026-12-02).
 */
@Module({})
export class EventStoreModule {
  static forRoot(choice: EventStoreChoice): DynamicModule {
    switch (choice.kind) {
      case 'postgres':
        return {
          module: EventStoreModule,
          providers: [
            { provide: EVENT_STORE, useFactory: (pool: Pool) => new PostgresEventStore(pool), inject: [PG_POOL] },
          ],
          exports: [EVENT_STORE],
        };
      case 'esdb':
        return {
          module: EventStoreModule,
          providers: [
            { provide: ESDB_CONNECTION, useFactory: () => loadEsdb().EsdbConnection.to(choice.url) },
            {
              provide: EVENT_STORE,
              useFactory: (connection: EsdbConnection) => new (loadEsdb().EsdbEventStore)(connection),
              inject: [ESDB_CONNECTION],
            },
            EsdbClientShutdown,
          ],
          exports: [EVENT_STORE],
        };
    }
  }
}
