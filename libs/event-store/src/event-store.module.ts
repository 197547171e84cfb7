import { Module, type DynamicModule } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@kemitraan/postgres';
import { EVENT_STORE } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

export type EventStoreChoice = { readonly kind: 'postgres' };

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
    }
  }
}
