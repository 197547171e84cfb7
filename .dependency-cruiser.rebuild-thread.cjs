/**
 * What the rebuild thread loads at run time (type-only imports left out, as the compiler erases
 * them): the thread folds under a heap ceiling of its own (REBUILD_HEAP_MB), so it may use only the
 * packages folding needs, and must not reach the migrator. The EventStoreDB adapter, and with it
 * the KurrentDB client, is required lazily and only for that log (rebuild-thread.esdb, left out
 * here; the main config forbids importing it any other way).
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'rebuild-thread-loads-only-what-folding-needs',
      severity: 'error',
      from: { path: '^libs/projections/src/runner/rebuild-thread\\.main\\.ts$' },
      to: {
        path: '^node_modules/',
        pathNot: '^node_modules/(pg|pg-connection-string|pg-copy-streams|lru-cache|canonicalize|xstate)/',
        reachable: true,
      },
    },
    {
      name: 'rebuild-thread-does-not-migrate',
      severity: 'error',
      from: { path: '^libs/projections/src/runner/rebuild-thread\\.main\\.ts$' },
      to: { path: '^libs/postgres/src/migrat', reachable: true },
    },
  ],
  options: {
    ...base.options,
    tsPreCompilationDeps: false,
    exclude: { path: ['^dist/', '^libs/projections/src/runner/rebuild-thread\\.esdb\\.ts$'] },
  },
};
