import type { EventStoreChoice } from '@kemitraan/event-store/event-store.module';

/** What a rebuild thread is started with (copied into it: plain data only). */
export interface RebuildThreadData {
  readonly databaseUrl: string;
  readonly store: EventStoreChoice;
  readonly generation: number;
  readonly pollMs: number;
}

/** From the server to the rebuild thread. */
export type ToRebuildThread =
  { readonly kind: 'stop' } | { readonly kind: 'caught-up'; readonly id: number; readonly switched: boolean };

/** From the rebuild thread to the server. */
export type FromRebuildThread =
  | { readonly kind: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | { readonly kind: 'caught-up?'; readonly id: number; readonly projection: string };
