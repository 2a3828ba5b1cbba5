// Jest in ESM mode (the @actions/* packages are ESM-only), TypeScript via ts-jest.
// Projects: unit tests beside each package, corpus tests on ../shared/corpus,
// end-to-end tests that run the committed dist/ bundles as the runner does.
// ts-jest only transpiles (isolatedModules); `npm run typecheck` checks the types.
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      useESM: true,
      tsconfig: {
        isolatedModules: true,
        module: 'ESNext',
        moduleResolution: 'bundler',
        target: 'ES2022',
        esModuleInterop: true,
        resolveJsonModule: true,
        allowJs: false,
      },
    },
  ],
};
const common = {
  transform,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^@mm-review/([^/]+)$': '<rootDir>/packages/$1/src/index.ts' },
  testEnvironment: 'node',
};

export default {
  // Generous for every project: unit tests run git, end-to-end tests spawn the bundles (the
  // e2e harness sets 120 s), and a loaded 2-core runner is slow. No test asserts on timing.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/reporters/closing-line.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/declared-rules.ts'],
    },
    {
      ...common,
      displayName: 'corpus',
      testMatch: ['<rootDir>/test/corpus/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/declared-rules.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
