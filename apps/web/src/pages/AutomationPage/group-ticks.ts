/** The fields of a tick that decide whether it is a quiet one. */
interface TickLike {
  readonly id: string;
  readonly status: string;
  readonly summary: string;
  readonly runIds: readonly string[];
  readonly error?: string | null;
}

/** One line of the tick history: a tick, or a run of consecutive quiet ticks that said the same thing. */
export type TickLine<T> = { readonly kind: 'tick'; readonly tick: T } | { readonly kind: 'quiet'; readonly id: string; readonly summary: string; readonly ticks: readonly T[] };

const quiet = (t: TickLike) => t.status === 'SKIPPED' && t.runIds.length === 0 && !t.error;

/**
 * Folds consecutive quiet ticks (skipped, no runs, no error) with the same summary, such as "no tick due"
 * every 30 s, into one line; every other tick stays its own line. Order is kept.
 *
 * @example
 * groupTicks(ticks); // [{ kind: 'tick', … }, { kind: 'quiet', summary: 'no tick due', ticks: [12 ticks] }]
 */
export function groupTicks<T extends TickLike>(ticks: readonly T[]): TickLine<T>[] {
  const lines: TickLine<T>[] = [];
  let i = 0;
  while (i < ticks.length) {
    const t = ticks[i]!;
    let j = i + 1;
    if (quiet(t)) while (j < ticks.length && quiet(ticks[j]!) && ticks[j]!.summary === t.summary) j++;
    lines.push(j - i >= 2 ? { kind: 'quiet', id: `quiet:${t.id}`, summary: t.summary, ticks: ticks.slice(i, j) } : { kind: 'tick', tick: t });
    i = j;
  }
  return lines;
}
