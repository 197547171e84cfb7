/** Tests by file infix: *.unit.spec.ts (pure), *.int.spec.ts (real PostgreSQL), *.e2e.spec.ts (HTTP). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@kemitraan/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@kemitraan/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};

module.exports = {
  // Jest takes testTimeout from the root config only: inside `projects` it is ignored (jestjs/jest#9759),
  // which had left every int and e2e test at the default 5 s, and a slow machine failed the ones
  // that drive a server process through restarts.
  testTimeout: 120000,
  globalSetup: '<rootDir>/libs/testing/src/database/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/database/global-teardown.ts',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/unit-test-timeout.ts'],
    },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/test/int/**/*.int.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.spec.ts'] },
  ],
};
