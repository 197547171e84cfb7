export * from './embedded/embedded-postgres.server';
export * from './migrator';
export * from './pool';
export { MIGRATIONS, type Migration } from './migrations';
export * from './database';
export * from './database.module';
export { failedToConnect, isUnavailable } from './unavailable';
export { freePort } from './embedded/free-port';
export { isAlive, postmasterPid } from './embedded/postmaster';
