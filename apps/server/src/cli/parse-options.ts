import { UsageError } from './usage-error';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses a duration such as `30d`, `12h`, `90m`, `45s` or `1w` into milliseconds.
 *
 * @example
 * parseDuration('12h') // 43_200_000
 */
export function parseDuration(text: string, flag = '--older-than'): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} "${text}" is not a duration`, 'use a number and a unit, e.g. 30d, 12h, 90m or 45s');
  const value = Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  if (!(value > 0)) throw new UsageError(`${flag} "${text}" must be longer than zero`, 'e.g. 30d');
  return value;
}

/**
 * Parses a positive integer flag value.
 *
 * @example
 * parsePositiveInt('8', '--max-concurrent') // 8
 */
export function parsePositiveInt(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${flag} "${text}" is not a positive whole number`, `e.g. ${flag} 4`);
  return Number(text);
}

export type CliRunPolicy = { kind: 'per-partition' } | { kind: 'batch'; size: number } | { kind: 'single' };

/**
 * Parses `--policy per-partition | batch:<n> | single`.
 *
 * @example
 * parseRunPolicy('batch:7') // { kind: 'batch', size: 7 }
 */
export function parseRunPolicy(text: string): CliRunPolicy {
  if (text === 'per-partition' || text === 'single') return { kind: text };
  const batch = /^batch:(\d+)$/.exec(text);
  if (batch && Number(batch[1]) >= 1) return { kind: 'batch', size: Number(batch[1]) };
  throw new UsageError(`--policy "${text}" is not a run policy`, 'use per-partition, single or batch:<n> (e.g. batch:7)');
}

export const REPROCESS_CHOICES = ['missing', 'failed', 'missing-or-failed', 'all'] as const;
export type CliReprocess = (typeof REPROCESS_CHOICES)[number];

/**
 * Parses `--reprocess`, suggesting the closest choice.
 *
 * @example
 * parseReprocess('missing') // 'missing'
 */
export function parseReprocess(text: string): CliReprocess {
  if ((REPROCESS_CHOICES as readonly string[]).includes(text)) return text as CliReprocess;
  const guess = REPROCESS_CHOICES.find((c) => c.startsWith(text.slice(0, 3)));
  throw new UsageError(`--reprocess "${text}" is not one of ${REPROCESS_CHOICES.join(', ')}`, guess ? `did you mean \`${guess}\`?` : 'e.g. --reprocess missing-or-failed');
}

/**
 * Parses a TCP port.
 *
 * @example
 * parsePort('3000') // 3000
 */
export function parsePort(text: string, flag = '--port'): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 0 || n > 65_535) throw new UsageError(`${flag} "${text}" is not a port number`, 'use 0–65535, e.g. 3000');
  return n;
}
