import { watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { Definitions } from '@baton/core';
import { DefinitionsLoadError } from '../project/definitions-load-error';
import { loadDefinitions } from '../project/load-definitions';
import type { ProjectLocation } from '../project/resolve-project';

/** The error the API shows while the definitions do not load. */
export interface DefinitionsProblem {
  readonly message: string;
  readonly file: string | null;
  readonly assetKey: string | null;
  readonly code: string | null;
}

export interface DefinitionsHolder {
  /** The last definitions that loaded (undefined if none ever did). */
  readonly current: Definitions | undefined;
  /** Why the latest load failed, while it does. */
  readonly error: DefinitionsProblem | undefined;
  /** Loads again (fresh tsx namespace). Resolves true when the new definitions loaded. */
  reload(): Promise<boolean>;
  /** Calls `listener` after every successful reload. */
  onChange(listener: (definitions: Definitions) => void): void;
  /** Starts watching the imported source files; edits reload after `debounceMs`. */
  watch(debounceMs?: number): void;
  close(): void;
}

/**
 * Holds a project's definitions for a long-lived process (`baton dev`): keeps serving the last
 * good definitions when a reload fails (syntax error, cycle, duplicate key…), exposes that error,
 * and reloads when a source file the definitions import changes.
 *
 * @example
 * const holder = await createDefinitionsHolder(location);
 * holder.watch();
 * holder.current?.graph.keys;
 */
export async function createDefinitionsHolder(location: ProjectLocation, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<DefinitionsHolder> {
  let current: Definitions | undefined;
  let error: DefinitionsProblem | undefined;
  let files: readonly string[] = [location.defsPath];
  const listeners: ((d: Definitions) => void)[] = [];
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let debounce = 150;
  let watching = false;
  let loading: Promise<boolean> | undefined;
  let again = false;

  const debug = process.env.BATON_DEBUG_WATCH ? (m: string) => log(`[watch] ${m}`) : () => {};
  let first = true;
  const load = async (): Promise<boolean> => {
    debug('loading');
    try {
      const loaded = await loadDefinitions(location, { fresh: !first });
      first = false;
      current = loaded.definitions;
      files = loaded.files;
      const had = error !== undefined;
      error = undefined;
      if (watching) syncWatchers();
      if (had) log(`baton: definitions fixed; serving ${current.graph.size} asset(s) from ${location.defsLabel}`);
      for (const l of listeners) l(current);
      return true;
    } catch (e) {
      first = false;
      const err = e instanceof DefinitionsLoadError ? e : new DefinitionsLoadError('INTERNAL', (e as Error).message, { file: location.defsPath });
      const assetKey = typeof err.details.assetKey === 'string' ? err.details.assetKey : null;
      error = { message: err.message, file: err.file, assetKey, code: err.code };
      log(`baton: ${err.message}${current ? ' (still serving the last good definitions)' : ''}`);
      return false;
    }
  };

  const reload = async (): Promise<boolean> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = load();
    try {
      const ok = await loading;
      if (again) {
        again = false;
        loading = undefined;
        return reload();
      }
      return ok;
    } finally {
      loading = undefined;
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounce);
  };

  /** Watches the directory of every imported file (editors often replace files rather than write them). */
  const syncWatchers = () => {
    const dirs = new Set(files.map((f) => dirname(f)));
    for (const [dir, w] of watchers) {
      if (!dirs.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, (_event, name) => {
          debug(`${_event} ${dir}/${name}`);
          if (name && /\.(c|m)?(t|j)sx?$|\.json$/.test(name.toString())) schedule();
        });
        w.on('error', () => {});
        watchers.set(dir, w);
      } catch {
        // a directory that vanished: the next reload resyncs
      }
    }
  };

  await reload();
  return {
    get current() {
      return current;
    },
    get error() {
      return error;
    },
    reload,
    onChange: (listener) => void listeners.push(listener),
    watch(debounceMs = 150) {
      debounce = debounceMs;
      watching = true;
      syncWatchers();
    },
    close() {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
