import { BatonError, type BatonStorage, type RunRecord } from '@baton/core';

/**
 * A run by id or unique id prefix (as printed by `baton runs`).
 *
 * @example
 * const run = await findRun(storage, 'b774c88a');
 */
export async function findRun(storage: BatonStorage, idOrPrefix: string): Promise<RunRecord> {
  const exact = await storage.getRun(idOrPrefix);
  if (exact) return exact;
  const matches: RunRecord[] = [];
  const recent: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listRuns({}, { cursor, limit: 1_000 });
    for (const run of page.items) {
      if (run.id.startsWith(idOrPrefix)) matches.push(run);
      if (recent.length < 3) recent.push(run.id.slice(0, 8));
    }
    cursor = page.nextCursor;
  } while (cursor && matches.length < 2);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new BatonError('RUN_NOT_FOUND', `Run id prefix "${idOrPrefix}" matches ${matches.length} runs`, { hint: 'give more characters of the id', details: { runId: idOrPrefix } });
  }
  throw new BatonError('RUN_NOT_FOUND', `Run "${idOrPrefix}" does not exist`, {
    hint: recent.length > 0 ? `recent runs: ${recent.join(', ')} (see \`baton runs\`)` : 'no runs yet: start one with `baton materialize`',
    details: { runId: idOrPrefix },
  });
}
