/**
 * What the rebuild thread loads at run time (type-only imports left out, as the compiler erases
 * them): the thread folds under a heap ceiling of its own (REBUILD_HEAP_MB), so it must not reach
 * NestJS, the migrator or the KurrentDB client. The client is loaded only for an EventStoreDB log,
 * by rebuild-thread.esdb, which this rule leaves out.
 */
const base = require('./.dependency-cruiser.cjs');

module.exports = {
  forbidden: [
    {
      name: 'rebuild-thread-stays-lean',
      severity: 'error',
      from: { path: '^libs/projections/src/runner/rebuild-thread\\.main\\.ts$' },
      to: {
        path: ['^node_modules/@nestjs/', '^node_modules/@kurrent/', '^libs/postgres/src/migrat'],
        reachable: true,
      },
    },
  ],
  options: {
    ...base.options,
    tsPreCompilationDeps: false,
    exclude: { path: ['^dist/', '^libs/projections/src/runner/rebuild-thread\\.esdb\\.ts$'] },
  },
};
