import { relative, resolve } from 'node:path';
import { InitConflictError } from './init-conflict-error';
import { initProject } from './init-project';

export interface CreateBatonIO {
  readonly cwd: string;
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
  /** How the user called it, for the usage line: 'baton init' or 'npm create baton@latest'. */
  readonly command: string;
}

/**
 * The command line of `create-baton [dir]` and `baton init [dir]`: scaffolds the project, prints
 * what was created and what to run next. Resolves to the exit code: 0, or 2 when a file is in the
 * way or the arguments are wrong (with the file's name and what to do on stderr).
 *
 * @example
 * process.exitCode = await runCreateBaton(['my-project'], { cwd: process.cwd(), out: process.stdout, err: process.stderr, command: 'baton init' });
 */
export async function runCreateBaton(argv: readonly string[], io: CreateBatonIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out.write(`Usage: ${io.command} [dir]\n\nScaffolds a Baton project in dir (default: the current folder). Never overwrites a file;\nan existing package.json gets the scripts and dependencies it lacks.\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-'));
  const positional = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || positional.length > 1) {
    io.err.write(`${io.command}: ${unknown.length > 0 ? `unknown option ${unknown[0]}` : `one folder at most (got ${positional.join(', ')})`}; usage: ${io.command} [dir]\n`);
    return 2;
  }
  try {
    const result = initProject({ dir: resolve(io.cwd, positional[0] ?? '.') });
    const where = relative(io.cwd, result.dir);
    const lines = [
      `Created a Baton project in ${result.dir}:`,
      ...result.created.map((file) => `  ${file}`),
      ...(result.extendedPackageJson ? ['  package.json (extended: scripts and dependencies it lacked)'] : []),
      '',
      'Next:',
      ...(where && where !== '.' ? [`  cd ${where.includes(' ') ? JSON.stringify(where) : where}`] : []),
      '  npm install',
      "  npm run materialize   # every asset, daily ones for their latest day",
      '  npm run dev           # the UI at http://127.0.0.1:3000',
      '  npm run typecheck     # typed edges: a wrong input type is a compile error',
      '  npm test              # the unit test in test/',
      '',
    ];
    io.out.write(lines.join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof InitConflictError) {
      io.err.write(`${io.command}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
