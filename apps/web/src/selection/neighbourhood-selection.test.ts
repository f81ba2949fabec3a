import { describe, expect, it } from 'vitest';
import { neighbourhoodSelection } from './neighbourhood-selection';

describe('neighbourhoodSelection', () => {
  it('selects the asset with its neighbours, quoting a key the syntax would read as operators', () => {
    expect(neighbourhoodSelection('rollups/daily_sales')).toBe('1+rollups/daily_sales+1');
    expect(neighbourhoodSelection('raw/my users', 2)).toBe('2+"raw/my users"+2');
  });
});
