import { describe, expect, it } from 'vitest';
import { checkSchemaName } from './check-schema-name';

describe('checkSchemaName', () => {
  it('returns a plain identifier and refuses anything that would need quoting, naming its use', () => {
    expect(checkSchemaName('graphile_worker', 'job queue')).toBe('graphile_worker');
    expect(checkSchemaName('_x9', 'job queue')).toBe('_x9');
    for (const bad of ['my-schema', '9lives', 'a"b', '', 'x'.repeat(64)]) {
      expect(() => checkSchemaName(bad, 'job queue')).toThrow(expect.objectContaining({ code: 'STORAGE_CONFIG_INVALID', message: expect.stringContaining('job queue schema name') }));
    }
  });
});
