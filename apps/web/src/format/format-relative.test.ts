import { describe, expect, it } from 'vitest';
import { formatRelative } from './format-relative';

describe('formatRelative', () => {
  const now = Date.parse('2026-03-02T09:00:00Z');
  it('says how far ahead or behind a moment is', () => {
    expect(formatRelative(now + 12 * 60_000, now)).toBe('in 12 minutes');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(formatRelative(now + 400, now)).toBe('now');
    expect(formatRelative(null, now)).toBe('—');
  });
});
