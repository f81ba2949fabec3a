import type { LogLevel } from '@baton/core';
import type { StepAttemptOutcome, StepRequest } from '../execute/step-request';

/** Where a step process finds the user's code. */
export interface DefinitionsModuleRef {
  /** Absolute path (or file URL) of the module; .ts works (loaded through tsx). */
  readonly path: string;
  /** The export holding the definitions (`definitions()` result, or an array of assets). Default: `default`, else `definitions`. */
  readonly exportName?: string;
}

export interface InitMessage {
  readonly type: 'init';
  readonly definitions: DefinitionsModuleRef;
  /** A module exporting `Record<string, IOManager>`; merged over `definitions().ioManagers` and the default. */
  readonly ioManagers: DefinitionsModuleRef | null;
  /** baseDir of the default filesystem IO manager. */
  readonly baseDir: string | null;
  readonly resourceConfig: Readonly<Record<string, unknown>>;
  /** The project folder: its `.baton/cache/definitions/` holds the compiled definitions (null: no compile cache). */
  readonly projectDir: string | null;
  /** tsx's loader to import before a TypeScript module loads, or null when the process started with it. */
  readonly typeScriptLoader: string | null;
}

export type ParentMessage =
  | InitMessage
  | { readonly type: 'execute'; readonly id: number; readonly request: StepRequest }
  | { readonly type: 'abort'; readonly id: number; readonly reason: string }
  | { readonly type: 'endRun'; readonly runId: string };

export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-failed'; readonly error: string }
  | { readonly type: 'log'; readonly id: number; readonly level: LogLevel; readonly message: string; readonly fields?: Record<string, unknown> }
  | { readonly type: 'result'; readonly id: number; readonly outcome: StepAttemptOutcome }
  | { readonly type: 'run-ended'; readonly runId: string; readonly errors: string[] };
