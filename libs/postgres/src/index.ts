export * from './embedded/embedded-postgres.server';
export * from './migrator';
export * from './pool';
export { MIGRATIONS, type Migration } from './migrations';
export * from './database';
export * from './database.module';
export {
  COMMAND_ANSWER_MS,
  failedToConnect,
  isUnavailable,
  READ_ANSWER_MS,
  StatementNotSent,
  unansweredWithin,
} from './unavailable';
export { freePort } from './embedded/free-port';
export { isAlive, parentOf, postmasterPid } from './embedded/postmaster';
export { inTransaction, type TransactionOptions } from './transaction';
export { boundedBy, type Statements } from './statements';
export { urlOfRunningEmbedded } from './embedded/running-cluster';
export { assertLogFromThisCluster, ForeignTransactionIds } from './foreign-transaction-ids';
export { statementKeepingConnection } from './statement-keeping-connection';
export { checkOut, CheckedOut } from './checked-out';
