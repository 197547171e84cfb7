import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { Pool } from 'pg';
import { PG_POOL } from '@kemitraan/postgres';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { EVENT_STORE } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

/** Where the events go: PostgreSQL (the default), or EventStoreDB / KurrentDB by connection string. */
export type EventStoreChoice = { readonly kind: 'postgres' } | { readonly kind: 'esdb'; readonly url: string };

/** EventStoreDB when its connection string is given, PostgreSQL otherwise. */
export const eventStoreChoice = (eventStoreUrl: string | undefined): EventStoreChoice =>
  eventStoreUrl ? { kind: 'esdb', url: eventStoreUrl } : { kind: 'postgres' };

const ESDB_CLIENT = Symbol('KurrentDBClient');

@Injectable()
class EsdbClientShutdown implements OnApplicationShutdown {
  constructor(@Inject(ESDB_CLIENT) private readonly client: KurrentDBClient) {}

  onApplicationShutdown(): Promise<void> {
    return this.client.dispose();
  }
}

/** Chooses the event-store adapter at the composition root. */
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
            { provide: ESDB_CLIENT, useFactory: () => KurrentDBClient.connectionString(choice.url) },
            {
              provide: EVENT_STORE,
              useFactory: (client: KurrentDBClient) => new EsdbEventStore(client),
              inject: [ESDB_CLIENT],
            },
            EsdbClientShutdown,
          ],
          exports: [EVENT_STORE],
        };
    }
  }
}
