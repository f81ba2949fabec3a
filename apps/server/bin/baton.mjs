#!/usr/bin/env node
// The `baton` command: registers tsx (TypeScript without a build step) and starts the CLI.
import { register } from 'tsx/esm/api';

// Large plain-JS dependencies load several times faster natively than through tsx's loader hooks
// (every module would cross to the loader thread). Loading them first puts them in the module
// cache, so the TypeScript sources importing them later get the already-evaluated modules.
const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith('-'));
const help = command === undefined || command === 'help' || args.includes('--help') || args.includes('-h');
const preload = help ? [] : ['date-fns', '@date-fns/tz', 'kysely', 'better-sqlite3', 'pg'];
if (!help && command === 'dev') preload.push('graphql', 'graphql-yoga', '@pothos/core', 'dataloader', '@graphql-yoga/plugin-csrf-prevention', 'zod');
await Promise.all(preload.map((name) => import(name).catch(() => undefined)));

// Files imported through tsx, so `baton dev` knows which project files to watch.
globalThis.__batonImported = new Set();
register({ onImport: (url) => globalThis.__batonImported.add(url) });
await import('../src/cli/main.ts');
