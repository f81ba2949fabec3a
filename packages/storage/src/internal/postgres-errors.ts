import { BatonError } from '@baton/core';

/** Where a PostgreSQL url came from, named in every message so users know what to fix. */
export interface PostgresTarget {
  readonly setting: string;
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly redactedUrl: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Turns a pg error into the one BatonError that says which setting to fix. */
export function mapPostgresError(error: unknown, target: PostgresTarget): unknown {
  if (BatonError.is(error)) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const where = `${target.host}:${target.port}/${target.database}`;
  if (UNREACHABLE.has(code) || /timeout|terminated|Connection ended/i.test(message) || code === '57P03') {
    return new BatonError('STORAGE_UNAVAILABLE', `PostgreSQL at ${where} (from ${target.setting}) did not answer: ${message || code}`, {
      hint: `check that the server is running and reachable from here, or fix the host in ${target.setting}=${target.redactedUrl}`,
      details: { host: target.host, port: target.port, database: target.database, setting: target.setting, code },
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new BatonError('STORAGE_UNAVAILABLE', `PostgreSQL at ${where} refused the login (from ${target.setting}): ${message}`, {
      hint: `fix the user or password in ${target.setting}`,
      details: { host: target.host, port: target.port, setting: target.setting, code },
      cause: error,
    });
  }
  if (code === '3D000') {
    return new BatonError('STORAGE_CONFIG_INVALID', `PostgreSQL database "${target.database}" does not exist on ${target.host}:${target.port} (from ${target.setting})`, {
      hint: `create it (createdb ${target.database}) or fix the database name in ${target.setting}`,
      details: { host: target.host, database: target.database, setting: target.setting, code },
      cause: error,
    });
  }
  if (code === '25006' || code === '42501') {
    return new BatonError('STORAGE_READ_ONLY', `PostgreSQL at ${where} does not let this user write (from ${target.setting}): ${message}`, {
      hint: `use a primary (not a read replica) and a user with CREATE and write rights in ${target.setting}`,
      details: { host: target.host, setting: target.setting, code },
      cause: error,
    });
  }
  return BatonError.from(error);
}
