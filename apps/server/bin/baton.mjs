#!/usr/bin/env node
// The `baton` command: registers tsx (TypeScript without a build step) and starts the CLI.
import { register } from 'tsx/esm/api';

// Large plain-JS dependencies load much faster natively than through tsx's loader hooks (each
// module would cross to the loader thread). Loading them first puts them in the module cache, so
// the TypeScript sources importing them later resolve to the already-evaluated modules.
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
const light = command === undefined || command === 'help' || process.argv.includes('--help') || process.argv.includes('-h');
if (!light) {
  await Promise.all(
    ['date-fns', '@date-fns/tz', 'kysely', 'better-sqlite3', 'pg'].map((name) => import(name).catch(() => undefined)),
  );
}
register();
await import('../src/cli/main.ts');
