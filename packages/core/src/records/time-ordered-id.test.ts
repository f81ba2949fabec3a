import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id';

describe('timeOrderedId', () => {
  it('is a version 7 UUID whose text sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => timeOrderedId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('starts with the creation time in milliseconds', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
  it('keeps order when the clock steps back', () => {
    const a = timeOrderedId(2_000_000_000_000);
    const b = timeOrderedId(1_999_999_999_000);
    expect(b > a).toBe(true);
  });
});
