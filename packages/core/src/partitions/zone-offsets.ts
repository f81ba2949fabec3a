import { tzOffset } from '@date-fns/tz';
import { BatonError } from '../errors/baton-error';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** UTC offsets of one IANA zone, in minutes, with wall-clock ↔ instant conversion. */
export interface ZoneOffsets {
  readonly zone: string;
  /** Offset in minutes at an instant. */
  at(instant: number): number;
  /**
   * The instant of a wall-clock time (`local` = wall-clock as if UTC). In the autumn overlap
   * the earlier instant wins; in the spring gap the wall-clock time is read with the offset
   * from before the gap (02:30 in New York's gap becomes 03:30 EDT), as Python's fold=0 does.
   */
  toInstant(local: number): number;
}

/**
 * Validates an IANA zone name and returns its offset helper; throws PARTITIONS_DEFINITION_INVALID.
 *
 * @example
 * zoneOffsets('America/New_York').at(Date.UTC(2024, 0, 1)); // -300
 */
export function zoneOffsets(zone: string): ZoneOffsets {
  // UTC needs no zone data: checking it through Intl first would load ICU's time zones (tens of ms at start-up)
  if (zone === 'UTC' || zone === 'Etc/UTC') {
    return { zone, at: () => 0, toInstant: (local) => local };
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Time zone "${zone}" is not a known IANA time zone`, {
      hint: 'use a name such as "UTC", "America/New_York" or "Europe/Berlin"',
      details: { timezone: zone },
    });
  }
  if (zone.toUpperCase() === 'UTC') {
    return { zone, at: () => 0, toInstant: (local) => local };
  }
  const at = (instant: number) => tzOffset(zone, new Date(instant));
  return {
    zone,
    at,
    toInstant(local) {
      const before = at(local - DAY);
      const after = at(local + DAY);
      const candidates = before === after ? [before] : [before, after];
      let best: number | undefined;
      for (const o of candidates) {
        const u = local - o * MINUTE;
        if (at(u) === o && (best === undefined || u < best)) best = u;
      }
      return best ?? local - before * MINUTE;
    },
  };
}
