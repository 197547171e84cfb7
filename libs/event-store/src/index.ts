export * from './event-store.port';
export * from './event-store.errors';
export * from './hash-chain';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { EventStoreModule, eventStoreChoice, type EventStoreChoice } from './event-store.module';
