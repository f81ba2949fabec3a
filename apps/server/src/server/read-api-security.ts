import { UsageError } from '../cli/usage-error';

/** How `baton dev` protects its API: the token, whether queries need it too, the host names it answers to. */
export interface ApiSecurity {
  readonly token: string | undefined;
  readonly protectQueries: boolean;
  /** Extra host names (BATON_ALLOWED_HOSTS), besides 127.0.0.1, localhost and [::1]. */
  readonly allowedHosts: string | undefined;
}

/**
 * Reads BATON_API_TOKEN, BATON_PROTECT_QUERIES (1/true/yes or 0/false/no) and BATON_ALLOWED_HOSTS.
 * Protecting queries without a token is a mistake and says so.
 *
 * @example
 * const security = readApiSecurity(process.env); // { token: 's3cret', protectQueries: true, allowedHosts: 'baton.internal' }
 */
export function readApiSecurity(env: NodeJS.ProcessEnv): ApiSecurity {
  const token = env.BATON_API_TOKEN?.trim() || undefined;
  const raw = env.BATON_PROTECT_QUERIES?.trim().toLowerCase() ?? '';
  let protectQueries: boolean;
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') protectQueries = false;
  else if (raw === '1' || raw === 'true' || raw === 'yes') protectQueries = true;
  else throw new UsageError(`BATON_PROTECT_QUERIES="${env.BATON_PROTECT_QUERIES}" is not a yes/no value`, 'set it to 1 (queries need the API token too) or 0 (queries stay open)');
  if (protectQueries && !token) throw new UsageError('BATON_PROTECT_QUERIES is set but BATON_API_TOKEN is not', 'set BATON_API_TOKEN to the token clients must send, or unset BATON_PROTECT_QUERIES');
  return { token, protectQueries, allowedHosts: env.BATON_ALLOWED_HOSTS?.trim() || undefined };
}
