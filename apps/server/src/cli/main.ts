import { Command, CommanderError, Option } from 'commander';
import { cliVersion } from './cli-version';
import { exitCodeFor } from './exit-code';
import type { GlobalOptions } from './global-options';
import { parseDuration, parsePort, parsePositiveInt, parseReprocess, parseRunPolicy } from './parse-options';
import { printError } from './print-error';

/** Commands load their modules lazily so `baton materialize` does not pay for the dev server. */
type Action = (globals: GlobalOptions, ...args: any[]) => Promise<number | void>;
const lazy = (load: () => Promise<Action>) =>
  async function (this: Command, ...args: unknown[]) {
    const command = args.at(-1) as Command;
    const globals = command.optsWithGlobals() as GlobalOptions;
    const code = await (await load())(globals, ...args.slice(0, -1));
    if (typeof code === 'number') process.exitCode = code;
  };

const program = new Command('baton')
  .description('Baton: an asset-based data orchestrator for TypeScript')
  .option('-C, --project-dir <dir>', 'project directory (default: the current directory)')
  .option('--defs <file>', 'definitions module (default: <project-dir>/baton.config.ts)')
  .option('--json', 'machine-readable output')
  .option('--verbose', 'print stack traces of unexpected errors')
  .version(cliVersion(), '-V, --version', 'print the version of baton')
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({ writeErr: () => {} });

program
  .command('init')
  .description('scaffold a project: package.json, tsconfig.json, baton.config.ts, a unit test, .gitignore (never overwrites a file)')
  .argument('[dir]', 'project folder (default: the current directory)')
  .action(lazy(async () => (await import('../commands/init-command')).initCommand));

program
  .command('dev')
  .description('serve the API (/graphql), the web UI and the daemon (automation, run queue, backfills, crash recovery)')
  .addOption(new Option('-p, --port <port>', 'port on 127.0.0.1').env('BATON_PORT').default(3000).argParser((v) => parsePort(v)))
  .option('--workers <n>', 'child processes executing steps', (v) => parsePositiveInt(v, '--workers'))
  .option('--max-concurrent <n>', 'runs executing at once', (v) => parsePositiveInt(v, '--max-concurrent'))
  .option('--no-watch', 'do not reload definitions when files change')
  .option('--no-typecheck', 'do not type-check the project in the background')
  .action(lazy(async () => (await import('../commands/dev-command')).devCommand));

program
  .command('daemon')
  .description('the background half of `baton dev` without the HTTP server: automation (schedules, sensors, conditions), backfills, run queue, crash recovery')
  .option('--interval <duration>', 'time between automation ticks, e.g. 30s', (v) => parseDuration(v, '--interval'))
  .option('--workers <n>', 'child processes executing steps', (v) => parsePositiveInt(v, '--workers'))
  .option('--max-concurrent <n>', 'runs executing at once', (v) => parsePositiveInt(v, '--max-concurrent'))
  .option('--no-watch', 'do not reload definitions when files change')
  .action(lazy(async () => (await import('../commands/daemon-command')).daemonCommand));

program
  .command('materialize')
  .description('materialize assets now, in the foreground, with live progress')
  .option('-s, --select <selection>', 'asset selection, e.g. "raw/orders+" or "group:marts"')
  .option('--partition <key>', 'one partition key')
  .option('--from <key>', 'first partition key of a range')
  .option('--to <key>', 'last partition key of a range (inclusive)')
  .option('--stale', 'only what is stale, missing or failed (and what depends on it)')
  .option('--max-concurrent <n>', 'steps running at once', (v) => parsePositiveInt(v, '--max-concurrent'))
  .option('--typecheck', 'type-check the project first (tsc --noEmit); refuse to run on type errors (exit 2)')
  .action(lazy(async () => (await import('../commands/materialize-command')).materializeCommand));

program
  .command('backfill')
  .description('launch a multi-run backfill over a partition range and follow it to the end')
  .requiredOption('-s, --select <selection>', 'asset selection')
  .option('--from <key>', 'first partition key (or date)')
  .option('--to <key>', 'last partition key (or date), inclusive')
  .option('--reprocess <filter>', 'missing | failed | missing-or-failed | all', parseReprocess, 'all')
  .option('--policy <policy>', 'per-partition | batch:<n> | single', parseRunPolicy)
  .option('--max-concurrent <n>', 'runs executing at once', (v) => parsePositiveInt(v, '--max-concurrent'))
  .option('--dry-run', 'print the preview (runs, partitions per asset, estimated duration) and launch nothing')
  .action(lazy(async () => (await import('../commands/backfill-command')).backfillCommand));

program
  .command('plan')
  .description('print what would run, and why, without running it')
  .option('-s, --select <selection>', 'asset selection')
  .option('--stale', 'plan only what is stale, missing or failed')
  .option('--partition <key>', 'one partition key')
  .option('--from <key>', 'first partition key of a range')
  .option('--to <key>', 'last partition key of a range (inclusive)')
  .action(lazy(async () => (await import('../commands/plan-command')).planCommand));

program
  .command('status')
  .description('table of assets with their status and why')
  .option('-s, --select <selection>', 'asset selection')
  .action(lazy(async () => (await import('../commands/status-command')).statusCommand));

program
  .command('check')
  .description('run asset checks on the stored values; exit 1 if an error-severity check fails')
  .option('-s, --select <selection>', 'asset selection (default: every asset with checks)')
  .option('--partition <key>', 'one partition key (default: every materialized partition)')
  .action(lazy(async () => (await import('../commands/check-command')).checkCommand));

program
  .command('explain')
  .description('why an asset (partition) is stale: the cause chain; with --automation, why the daemon did or did not request it')
  .argument('<asset>', 'asset key')
  .option('--partition <key>', 'partition key')
  .option('--automation', "the latest automation evaluation: requested or not, and why")
  .action(lazy(async () => (await import('../commands/explain-command')).explainCommand));

program
  .command('observe')
  .description('observe source assets now: call their observe function and store the data versions')
  .option('-s, --select <selection>', 'asset selection (default: every source with observe)')
  .option('--partition <key>', 'partition key of partitioned sources')
  .action(lazy(async () => (await import('../commands/observe-command')).observeCommand));

program
  .command('report')
  .description('record a materialization made outside Baton (a new data version makes downstream stale)')
  .argument('<asset>', 'asset key')
  .option('--partition <key>', 'partition key (required for partitioned assets)')
  .option('--data-version <version>', 'data version of what was made (default: a new unique one)')
  .option('--metadata <json>', 'metadata as a JSON object')
  .action(lazy(async () => (await import('../commands/report-command')).reportCommand));

program
  .command('runs')
  .description('recent runs')
  .option('--status <status>', 'only runs in this status (queued, running, success, failure, canceled, …)')
  .option('--asset <key>', 'only runs materializing this asset')
  .option('--limit <n>', 'how many', (v) => parsePositiveInt(v, '--limit'), 20)
  .action(lazy(async () => (await import('../commands/runs-command')).runsCommand));

program
  .command('run')
  .description("a run's steps and logs")
  .argument('<id>', 'run id (a unique prefix is enough)')
  .action(lazy(async () => (await import('../commands/run-command')).runCommand));

program
  .command('cancel')
  .description('cancel a run (or a backfill, by its id)')
  .argument('<id>', 'run or backfill id (a unique prefix is enough)')
  .action(lazy(async () => (await import('../commands/cancel-command')).cancelCommand));

program
  .command('reexecute')
  .description('queue a new run of what a failed or canceled run did not finish')
  .argument('<id>', 'run id (a unique prefix is enough)')
  .action(lazy(async () => (await import('../commands/reexecute-command')).reexecuteCommand));

program
  .command('resume')
  .description('resume a canceled backfill: its canceled runs are queued again')
  .argument('<id>', 'backfill id')
  .action(lazy(async () => (await import('../commands/backfill-control-command')).backfillControlCommand('resume')));

program
  .command('retry')
  .description('retry the failed part of a backfill')
  .argument('<id>', 'backfill id')
  .action(lazy(async () => (await import('../commands/backfill-control-command')).backfillControlCommand('retry')));

program
  .command('lineage')
  .description('the assets of a selection as a text tree, upstream first')
  .argument('<selection>', 'asset selection, e.g. "+marts/revenue"')
  .action(lazy(async () => (await import('../commands/lineage-command')).lineageCommand));

program
  .command('schedules')
  .description('schedules and sensors: status, next tick, last tick; and the declarative conditions')
  .action(lazy(async () => (await import('../commands/schedules-command')).schedulesCommand));

for (const kind of ['schedule', 'sensor'] as const) {
  program
    .command(kind)
    .description(`start or stop a ${kind}: baton ${kind} start|stop <name>`)
    .argument('<action>', 'start or stop')
    .argument('<name>', `${kind} name`)
    .action(lazy(async () => (await import('../commands/automation-status-command')).automationStatusCommand.bind(null, kind)));
}

program
  .command('worker')
  .description('execute queued runs from PostgreSQL storage (scale-out; run as many as you like)')
  .option('--concurrency <n>', 'steps this worker executes at once', (v) => parsePositiveInt(v, '--concurrency'))
  .option('--max-concurrent <n>', 'runs this worker executes at once', (v) => parsePositiveInt(v, '--max-concurrent'), 4)
  .option('--workers <n>', 'child processes executing steps', (v) => parsePositiveInt(v, '--workers'))
  .option('--dead-after <seconds>', 'a worker silent this long is dead and the others re-run its steps (give every worker the same value)', (v) => parsePositiveInt(v, '--dead-after'), 30)
  .action(lazy(async () => (await import('../commands/worker-command')).workerCommand));

program
  .command('migrate')
  .description('apply pending storage migrations')
  .action(lazy(async () => (await import('../commands/migrate-command')).migrateCommand));

program
  .command('prune')
  .description('delete run logs and lifecycle events older than a duration (materializations stay)')
  .requiredOption('--older-than <duration>', 'e.g. 30d, 12h', (v) => parseDuration(v))
  .action(lazy(async () => (await import('../commands/prune-command')).pruneCommand));

for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => {} }).showSuggestionAfterError(true);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      process.exitCode = 0;
    } else {
      const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*\(Did you mean (.+)\?\)/, '; did you mean `$1`?').replace(/\n+/g, ' ');
      process.stderr.write(`baton: ${message}${/did you mean/.test(message) ? '' : '; see `baton --help`'}\n`);
      process.exitCode = 2;
    }
  } else {
    const verbose = process.argv.includes('--verbose');
    printError(error, verbose, process.argv.includes('--json'));
    process.exitCode = exitCodeFor(error);
  }
}
