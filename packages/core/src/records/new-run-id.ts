/**
 * A new run's id: a random (version 4) UUID. Its first 8 characters are the short id that the CLI
 * and the UI show and that users type as a prefix (`baton run 3f9c2a1b`), so runs made close
 * together must differ there. A time-ordered id (version 7) starts with the clock: every run of the
 * same minute shared its first 8 characters, and a prefix named many runs. Storage names new runs
 * with it, and so does `executePlan`, which names a run before it is stored.
 *
 * @example
 * newRunId() // '3f9c2a1b-7e4d-4c1a-9b2e-…'
 */
export function newRunId(): string {
  return globalThis.crypto.randomUUID(); // Web Crypto: Node and browsers alike
}
