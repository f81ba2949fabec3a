import { BatonError } from '../errors/baton-error';

/** Keys must be non-empty, without '|' (the multi-dimension separator) or control characters. */
export function keyTextProblem(key: string): string | undefined {
  if (key.length === 0) return 'it is empty';
  if (key.includes('|')) return 'it contains "|", which separates the dimensions of multi-partition keys';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'it contains a control character';
  return undefined;
}

export function assertKeyText(key: string, where: string): void {
  const problem = keyTextProblem(key);
  if (problem) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Partition key ${JSON.stringify(key)} in ${where} is invalid: ${problem}`, {
      hint: 'use printable keys without "|"',
      details: { partitionKey: key },
    });
  }
}
