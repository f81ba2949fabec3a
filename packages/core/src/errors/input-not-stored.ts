import { BatonError } from './baton-error';

/**
 * The error of an IO manager asked to load a value it never stored (INPUT_INVALID): names the asset,
 * its partition and where the IO manager looked (a file, a folder, a database), and says once what to
 * do. One wording for every IO manager, so a missing input reads the same whichever stores it.
 *
 * @example
 * throw inputNotStored(`the Parquet folder ${folder}`, ctx);
 * // No stored value for asset "raw/orders" partition "2024-01-05" in the Parquet folder /data/lake. materialize …
 */
export function inputNotStored(
  where: string,
  input: { readonly assetKey: string; readonly partitionKey: string | null },
  options: { readonly hint?: string; readonly details?: Readonly<Record<string, unknown>> } = {},
): BatonError {
  const partition = input.partitionKey === null ? '' : ` partition "${input.partitionKey}"`;
  return new BatonError('INPUT_INVALID', `No stored value for asset "${input.assetKey}"${partition} in ${where}`, {
    hint: options.hint ?? 'materialize the upstream asset (or that partition) with this IO manager first',
    details: { assetKey: input.assetKey, partitionKey: input.partitionKey, where, ...options.details },
  });
}
