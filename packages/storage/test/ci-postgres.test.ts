import { describe, expect, it } from 'vitest';
import { storageBackends, TEST_POSTGRES_ENV } from '@baton/storage/testing';

describe('PostgreSQL in CI', () => {
  it('is part of the conformance suites whenever CI runs (never silently skipped)', async () => {
    if (!process.env.CI) return; // locally, test/global-setup.ts says it is skipped and how to turn it on
    expect(process.env[TEST_POSTGRES_ENV], `${TEST_POSTGRES_ENV} must be set in CI`).toBeTruthy();
    const postgres = storageBackends().find((b) => b.name === 'postgres');
    expect(postgres).toBeDefined();
    // the server must answer: a down server fails here (and in every [postgres] test), it never skips
    const storage = await postgres!.create();
    expect(storage.dialect).toBe('postgres');
    await postgres!.cleanup();
  });
});
