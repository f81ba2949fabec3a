import { Cron } from 'croner';
import { BatonError } from '../errors/baton-error';

/**
 * Checks a 5-field cron expression and an IANA time zone; throws INVALID_DEFINITION naming `where`.
 *
 * @example
 * assertCron('0 9 * * *', 'Europe/Berlin', 'schedule "daily"');
 */
export function assertCron(cron: unknown, timezone: unknown, where: string): void {
  if (typeof cron !== 'string' || cron.trim().split(/\s+/).length !== 5) {
    throw new BatonError('INVALID_DEFINITION', `${where}: cron ${JSON.stringify(cron)} is invalid: expected 5 fields`, {
      hint: 'use minute hour day-of-month month day-of-week, e.g. "0 9 * * *" (09:00 every day)',
      details: { cron },
    });
  }
  if (typeof timezone !== 'string' || !isTimeZone(timezone)) {
    throw new BatonError('INVALID_DEFINITION', `${where}: time zone ${JSON.stringify(timezone)} is not an IANA time zone`, {
      hint: 'e.g. "UTC", "Europe/Berlin" or "America/New_York"',
      details: { timezone },
    });
  }
  try {
    new Cron(cron, { timezone, paused: true });
  } catch (error) {
    throw new BatonError('INVALID_DEFINITION', `${where}: cron "${cron}" is invalid: ${(error as Error).message}`, {
      hint: 'use minute hour day-of-month month day-of-week, e.g. "*/15 * * * *" or "0 6 * * MON-FRI"',
      details: { cron },
      cause: error,
    });
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
