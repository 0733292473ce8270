/**
 * Jest for every test under test/ (`npm test` runs it through scripts/test.ts).
 * TypeScript is compiled by SWC (no type check here: `npm test` runs tsc first).
 * test/global-setup.ts starts one throwaway stack (PostgreSQL, Temporal dev server,
 * mailbox) for the whole run and hands its addresses to the tests via process.env.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript' },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // .data holds PostgreSQL/Temporal/mail files that jest must neither crawl nor watch.
  modulePathIgnorePatterns: ['<rootDir>/.data/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.data/'],
  watchPathIgnorePatterns: ['<rootDir>/.data/'],
  testTimeout: 120000,
  // One line per file, failures with their messages (test/reporter.js); scripts/test.ts prints the verdict.
  reporters: ['<rootDir>/test/reporter.js'],
  // Three on two cores: the whole-stack suites wait on their processes part of the time (with two,
  // the cores were about a fifth idle; npm test 334 s → 317 s).
  maxWorkers: 3,
  // Whole-stack suites first (test/sequencer.js): both workers stay busy until the end.
  testSequencer: '<rootDir>/test/sequencer.js',
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
