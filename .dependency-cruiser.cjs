/** Boundaries that CI enforces (npm test runs `npm run lint:boundaries`). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/agreements/src/domain is pure TypeScript: it may import itself and xstate, nothing else ' +
        '(no NestJS, no database driver, no Node built-ins such as a clock or randomness).',
      severity: 'error',
      from: { path: '^libs/agreements/src/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^libs/agreements/src/domain/', '^node_modules/xstate/'] },
    },
    {
      name: 'libs-do-not-reach-into-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'production-code-does-not-use-test-helpers',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.spec\\.ts$', '^libs/testing/'] },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'rebuild-thread-requires-the-esdb-adapter-lazily',
      comment:
        "The KurrentDB client would take about 14 MB of the rebuild thread's capped heap: the thread " +
        'may load its adapter only with a require() when the log is in EventStoreDB, never by an import.',
      severity: 'error',
      from: { path: '^libs/projections/src/runner/rebuild-thread\\.main\\.ts$' },
      to: {
        path: '^libs/projections/src/runner/rebuild-thread\\.esdb\\.ts$',
        dependencyTypesNot: ['require', 'type-import'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: '\\.spec\\.ts$' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
