/**
 * Runs once before all tests. Says plainly whether the PostgreSQL half of the
 * storage and runner conformance suites will run, and how to turn it on.
 */
export default function setup(): void {
  // vitest calls this once per project that inherits the root config; say it once.
  const g = globalThis as { __batonPostgresNotice?: boolean };
  if (g.__batonPostgresNotice) return;
  g.__batonPostgresNotice = true;
  const url = process.env.BATON_TEST_POSTGRES_URL;
  if (url) {
    console.log(`[baton] PostgreSQL suites: ON (BATON_TEST_POSTGRES_URL=${url.replace(/:[^:@/]*@/, ':***@')})`);
  } else {
    console.log(
      '[baton] PostgreSQL suites: SKIPPED. Only the SQLite suites run. To run them against PostgreSQL too:\n' +
        '        BATON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm test',
    );
  }
}
