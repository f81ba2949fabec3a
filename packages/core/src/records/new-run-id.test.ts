import { describe, expect, it } from 'vitest';
import { newRunId } from './new-run-id';

describe('newRunId', () => {
  it('is a random UUID whose 8-character short id differs between runs made in the same moment', () => {
    const ids = Array.from({ length: 200 }, () => newRunId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // 200 random 32-bit prefixes collide with probability ~5e-6; a clock-first id shares them all
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(ids.length);
  });
});
