/**
 * @baton/storage/testing — helpers for conformance suites that run unchanged on every backend
 * (this package's own suite and the runner's cross-package suite).
 */
export { storageBackends, openStorageAt, TEST_POSTGRES_ENV } from './storage-backends';
export type { StorageBackend, StorageLocation } from './storage-backends';
export { eventFactory } from './event-factory';
export type { EventFactory } from './event-factory';
