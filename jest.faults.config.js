// The fault suite (`npm run test:faults`): each *.fault-spec.ts runs its own PostgreSQL cluster and Redis on free
// ports and stops, crashes and flushes them, with the compiled API and worker(s) as real processes against them.
// Files run one at a time: they are heavy, and their timings are figures we publish. Same transform as jest.config.js (jest.shared.js).
import { common } from './jest.shared.js';

/** @type {import('jest').Config} */
export default {
  displayName: 'faults',
  rootDir: '.',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.fault-spec.ts'],
  ...common,
  maxWorkers: 1,
  testTimeout: 300000,
  // A scenario's outage and recovery take minutes; a hook that sets up or removes a private cluster takes seconds.
  slowTestThreshold: 600,
};
