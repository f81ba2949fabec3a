import { describe, expect, it } from 'vitest';
import { inputNotStored } from './input-not-stored';

describe('inputNotStored', () => {
  it('names the asset, the partition and where the IO manager looked, and says what to do once', () => {
    const e = inputNotStored('the Parquet folder /data/lake', { assetKey: 'raw/orders', partitionKey: '2024-01-05' });
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.message).toBe('No stored value for asset "raw/orders" partition "2024-01-05" in the Parquet folder /data/lake. materialize the upstream asset (or that partition) with this IO manager first');
    expect(e.message.match(/materialize/g)).toHaveLength(1);
    expect(e.details).toEqual({ assetKey: 'raw/orders', partitionKey: '2024-01-05', where: 'the Parquet folder /data/lake' });
  });

  it('leaves out the partition of an unpartitioned asset, and takes a hint and details of its own', () => {
    const e = inputNotStored('.baton/storage/a/__unpartitioned__.json', { assetKey: 'a', partitionKey: null }, { hint: 'check the baseDir', details: { file: 'f' } });
    expect(e.message).toBe('No stored value for asset "a" in .baton/storage/a/__unpartitioned__.json. check the baseDir');
    expect(e.details).toEqual({ assetKey: 'a', partitionKey: null, where: '.baton/storage/a/__unpartitioned__.json', file: 'f' });
  });
});
