import { keySelection } from './key-selection';

/**
 * The selection text of an asset with its neighbours `depth` layers upstream and downstream
 * (Dagster's `1+key+1`), what the asset page's Neighbourhood card shows.
 *
 * @example
 * neighbourhoodSelection('raw/users'); // '1+raw/users+1'
 */
export function neighbourhoodSelection(key: string, depth = 1): string {
  return `${depth}+${keySelection(key)}+${depth}`;
}
