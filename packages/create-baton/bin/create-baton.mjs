#!/usr/bin/env node
// `npm create baton@latest [dir]`: scaffolds a Baton project (the code behind `baton init`).
import { runCreateBaton } from '../dist/index.js';

process.exitCode = await runCreateBaton(process.argv.slice(2), { cwd: process.cwd(), out: process.stdout, err: process.stderr, command: 'npm create baton@latest' });
