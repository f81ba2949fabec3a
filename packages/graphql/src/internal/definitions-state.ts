import type { Definitions } from '@baton/core';

/** Why the current definitions could not be loaded (the dev server keeps serving the last good ones). */
export interface DefinitionsLoadError {
  readonly message: string;
  readonly file?: string | null;
  readonly assetKey?: string | null;
  readonly code?: string | null;
}

/** One TypeScript error of the project (`baton dev` type-checks in the background). */
export interface DefinitionsTypeError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `TS2322`. */
  readonly code: string;
  readonly message: string;
}

/** Where the background type check stands; `off` when nothing type-checks the definitions. */
export interface TypeCheckSource {
  readonly status: 'off' | 'checking' | 'passed' | 'failed' | 'unavailable';
  readonly errors: readonly DefinitionsTypeError[];
}

/**
 * What `getDefinitions()` may return: the definitions, or the last good ones plus the current load
 * error (and the latest type check, when one runs).
 */
export type DefinitionsSource =
  | Definitions
  | {
      readonly definitions: Definitions | null | undefined;
      readonly error: DefinitionsLoadError | Error | null | undefined;
      readonly typeCheck?: TypeCheckSource | undefined;
    };

/** The normalised form the resolvers use. */
export interface DefinitionsState {
  readonly definitions: Definitions | undefined;
  readonly error: DefinitionsLoadError | undefined;
  readonly typeCheck: TypeCheckSource;
}

const OFF: TypeCheckSource = { status: 'off', errors: [] };

function toLoadError(error: DefinitionsLoadError | Error): DefinitionsLoadError {
  if (!(error instanceof Error)) return error;
  const details = (error as { details?: Record<string, unknown> }).details ?? {};
  return {
    message: error.message,
    code: (error as { code?: string }).code ?? null,
    file: typeof details.file === 'string' ? details.file : null,
    assetKey: typeof details.assetKey === 'string' ? details.assetKey : null,
  };
}

/** Normalises what `getDefinitions()` returned. */
export function readDefinitionsState(source: DefinitionsSource): DefinitionsState {
  if ((source as Definitions).kind === 'Definitions') return { definitions: source as Definitions, error: undefined, typeCheck: OFF };
  const s = source as Exclude<DefinitionsSource, Definitions>;
  return { definitions: s.definitions ?? undefined, error: s.error ? toLoadError(s.error) : undefined, typeCheck: s.typeCheck ?? OFF };
}
