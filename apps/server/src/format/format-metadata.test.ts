import { describe, expect, it } from 'vitest';
import { formatMetadata } from './format-metadata';

describe('formatMetadata', () => {
  it('prints key=value pairs, strings bare, the rest as JSON', () => {
    expect(formatMetadata({ column: 'email', nullCount: 2, firstRows: [3, 9] })).toBe('column=email nullCount=2 firstRows=[3,9]');
    expect(formatMetadata({})).toBe('');
  });
  it('cuts long lines with an ellipsis', () => {
    const line = formatMetadata({ examples: Array.from({ length: 50 }, (_, i) => i) }, 20);
    expect(line).toHaveLength(20);
    expect(line.endsWith('…')).toBe(true);
  });
});
