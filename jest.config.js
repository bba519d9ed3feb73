import { common } from './jest.shared.js';

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/scripts', '<rootDir>/web/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60000,
};
