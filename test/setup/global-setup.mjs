// One id per test run: each test file clones the run's migrated template database (made on first use).
export default async function globalSetup() {
  process.env.TECHMATCH_TEST_RUN = `${Date.now().toString(36)}_${process.pid}`;
}
