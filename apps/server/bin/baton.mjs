#!/usr/bin/env node
// The `baton` command.
// - Installed from npm: runs the built CLI (dist/cli.js) with plain node; tsx is registered later,
//   only to load the project's definitions (src/project/load-definitions.ts).
// - In Baton's own repository (src/ is here): runs the TypeScript sources, no build step. A resolve
//   hook adds the "@baton/source" export condition, so @baton/* packages resolve to their src/, and
//   tsx compiles them.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const source = new URL('../src/cli/main.ts', import.meta.url);

if (!existsSync(source)) {
  await import('../dist/cli.js');
} else {
  // Large plain-JS dependencies load several times faster natively than through tsx's loader hooks
  // (every module would cross to the loader thread). Loading them first puts them in the module
  // cache, so the TypeScript sources importing them later get the already-evaluated modules.
  const args = process.argv.slice(2);
  const command = args.find((a) => !a.startsWith('-'));
  const help = command === undefined || command === 'help' || args.includes('--help') || args.includes('-h');
  // (the modules core imports from date-fns, not its 300-module index; pg and graphile-worker load only when used)
  const preload = help ? [] : ['date-fns/format', 'date-fns/parse', 'date-fns/isValid', '@date-fns/tz', 'kysely', 'better-sqlite3'];
  if (!help && command === 'dev') preload.push('graphql', 'graphql-yoga', '@pothos/core', 'dataloader', '@graphql-yoga/plugin-csrf-prevention', 'zod');
  // tsx's API modules load meanwhile (their file reads overlap the preloads'; ~60-80 ms of a start)
  const tsxApis = Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  await Promise.all(preload.map((name) => import(name).catch(() => undefined)));

  // Step processes started by the runner get the same condition (`--conditions`); so does anything
  // else this process spawns with node.
  const condition = '--conditions=@baton/source';
  if (!(process.env.NODE_OPTIONS ?? '').includes(condition)) {
    process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, condition].filter(Boolean).join(' ');
    registerHooks(
      'data:text/javascript,' +
        encodeURIComponent(
          'export function resolve(specifier, context, next) { return next(specifier, { ...context, conditions: [...context.conditions, "@baton/source"] }); }',
        ),
    );
  }
  // tsx's ESM and CommonJS hooks (the same as src/project/register-typescript.ts, which then does nothing);
  // the files imported through tsx, so `baton dev` knows which project files to watch.
  const [esm, cjs] = await tsxApis;
  globalThis.__batonImported = new Set();
  esm.register({ onImport: (url) => globalThis.__batonImported.add(url) });
  cjs.register();
  await import(source.href);
}
