/**
 * Entry point of a step process (started by `createProcessPoolExecutor`): loads the user's
 * definitions once, then runs step attempts one at a time as the parent asks, reporting logs
 * (including anything written to stdout/stderr) and outcomes over IPC.
 */
import { pathToFileURL } from 'node:url';
import type { IOManager } from '@baton/core';
import { filesystemIOManager } from '../io-managers/filesystem-io-manager';
import { assetLookup, type AssetLookup, type RunnerDefinitions } from '../execute/runner-definitions';
import { createResourceScope, type ResourceScope } from '../execute/resource-scope';
import { runStepAttempt } from '../execute/run-step-attempt';
import { compiledDefinitions } from './compiled-definitions';
import { moduleExports } from './module-exports';
import type { ChildMessage, DefinitionsModuleRef, InitMessage, ParentMessage } from './messages';

const send = (message: ChildMessage) => process.send?.(message);

const TYPESCRIPT = /\.[cm]?tsx?$/;
let typeScriptLoader: string | null = null;

async function importExport(ref: DefinitionsModuleRef, projectDir: string | null = null): Promise<unknown> {
  let url = ref.path.startsWith('file:') ? ref.path : pathToFileURL(ref.path).href;
  const compiled = projectDir && !ref.path.startsWith('file:') ? await compiledDefinitions({ dir: projectDir, defsPath: ref.path }) : undefined;
  if (compiled) {
    url = compiled.url;
    process.setSourceMapsEnabled(true);
  } else if (typeScriptLoader && TYPESCRIPT.test(ref.path)) {
    await import(typeScriptLoader); // tsx's hooks, for this module and what it imports
    typeScriptLoader = null;
  }
  const mod = moduleExports((await import(url)) as Record<string, unknown>);
  const name = ref.exportName ?? ('default' in mod || !('definitions' in mod) ? 'default' : 'definitions');
  if (!(name in mod)) throw new Error(`module ${ref.path} has no export "${name}" (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  return mod[name];
}

let assets: AssetLookup | undefined;
let ioManagers: Record<string, IOManager> = {};
let resourceConfig: Readonly<Record<string, unknown>> = {};
const scopes = new Map<string, ResourceScope>();
const controllers = new Map<number, AbortController>();
let currentId: number | null = null;

async function init(message: InitMessage): Promise<void> {
  typeScriptLoader = message.typeScriptLoader;
  const defs = await importExport(message.definitions, message.projectDir);
  assets = assetLookup(defs as RunnerDefinitions);
  const fromDefs = (defs as { ioManagers?: Record<string, IOManager> }).ioManagers ?? {};
  const extra = message.ioManagers ? ((await importExport(message.ioManagers)) as Record<string, IOManager>) : {};
  ioManagers = { default: filesystemIOManager(message.baseDir ? { baseDir: message.baseDir } : {}), ...fromDefs, ...extra };
  resourceConfig = message.resourceConfig;
}

// stdout/stderr of asset code become LOG events of the step running now
for (const [stream, level] of [[process.stdout, 'info'], [process.stderr, 'warn']] as const) {
  const original = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (currentId !== null) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const message = text.replace(/\n$/, '');
      if (message.length > 0) send({ type: 'log', id: currentId, level, message, fields: { stream: stream === process.stdout ? 'stdout' : 'stderr' } });
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }
    return original(chunk as string, ...(rest as []));
  }) as typeof stream.write;
}

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'init':
      init(message).then(
        () => send({ type: 'ready' }),
        (error: unknown) => send({ type: 'init-failed', error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'execute': {
      const { id, request } = message;
      const controller = new AbortController();
      controllers.set(id, controller);
      let scope = scopes.get(request.runId);
      if (!scope) scopes.set(request.runId, (scope = createResourceScope(resourceConfig)));
      currentId = id;
      void Promise.resolve(runStepAttempt({ assets: assets!, ioManagers, resources: scope }, request, {
        signal: controller.signal,
        log: (level, text, fields) => send({ type: 'log', id, level, message: text, ...(fields ? { fields } : {}) }),
      })).then((outcome) => {
        controllers.delete(id);
        if (currentId === id) currentId = null;
        send({ type: 'result', id, outcome });
      });
      return;
    }
    case 'abort':
      controllers.get(message.id)?.abort(new Error(message.reason));
      return;
    case 'endRun': {
      const scope = scopes.get(message.runId);
      scopes.delete(message.runId);
      void (scope ? scope.teardown() : Promise.resolve([])).then((errors) => send({ type: 'run-ended', runId: message.runId, errors }));
      return;
    }
  }
});
process.on('disconnect', () => process.exit(0));
