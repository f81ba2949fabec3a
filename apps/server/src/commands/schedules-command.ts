import type { AutomationState, AutomationTick } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const when = (ms: number | null) => (ms === null ? '—' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`);

function lastEvaluatedAt(state: AutomationState | undefined): number | null {
  try {
    const at = state?.cursor ? (JSON.parse(state.cursor) as { lastEvaluatedAt?: unknown }).lastEvaluatedAt : null;
    return typeof at === 'number' ? at : null;
  } catch {
    return null;
  }
}

function tickText(tick: AutomationTick | undefined): string {
  if (!tick) return 'never';
  const ev = (tick.evaluation ?? {}) as { message?: string };
  const what = tick.status === 'failure' ? (tick.error ?? 'failed') : tick.runIds.length > 0 ? `${tick.runIds.length} run(s)` : (ev.message ?? tick.status);
  return `${when(tick.timestamp)} ${tick.status}: ${what}`;
}

/**
 * `baton schedules`: every schedule and sensor with its status (running/stopped), when it ticks
 * next and what its last tick did; then how many assets have declarative conditions and when they
 * were last evaluated.
 *
 * @example
 * await schedulesCommand({});
 */
export async function schedulesCommand(globals: GlobalOptions): Promise<number> {
  const project = await openProject(globals);
  try {
    const { CONDITIONS_NAME, nextCronTick } = await import('@baton/automation');
    const defs = project.definitions;
    const { storage } = project;
    const states = new Map((await storage.listAutomationStates()).map((s) => [s.name, s]));
    const names = [...defs.schedules.map((s) => s.name), ...defs.sensors.map((s) => s.name), CONDITIONS_NAME];
    const last = new Map(await Promise.all(names.map(async (n) => [n, (await storage.listTicks(n, { limit: 1 })).items[0]] as const)));
    const now = Date.now();
    const statusOf = (name: string) => states.get(name)?.status ?? 'running';
    const rows = [
      ...defs.schedules.map((s) => ({
        name: s.name,
        kind: 'schedule' as const,
        when: `${s.cron} (${s.timezone})`,
        target: s.target,
        status: statusOf(s.name),
        nextTickAt: statusOf(s.name) === 'stopped' ? null : nextCronTick(s.cron, s.timezone, now),
        lastTick: last.get(s.name),
      })),
      ...defs.sensors.map((s) => {
        const at = lastEvaluatedAt(states.get(s.name));
        return {
          name: s.name,
          kind: 'sensor' as const,
          when: `every ${s.intervalSeconds}s`,
          target: s.type === 'asset' ? `${s.target ?? 'handler'} on ${s.assets.join(', ')}` : s.type === 'run-status' ? `on run ${s.status}` : 'custom',
          status: statusOf(s.name),
          nextTickAt: statusOf(s.name) === 'stopped' ? null : at === null ? now : Math.max(now, at + s.intervalSeconds * 1000),
          lastTick: last.get(s.name),
        };
      }),
    ];
    const automated = defs.assets.filter((a) => a.automation).length;
    const conditions = { automatedAssets: automated, status: statusOf(CONDITIONS_NAME), lastTick: last.get(CONDITIONS_NAME) };
    if (globals.json) {
      const tickJson = (t: AutomationTick | undefined) => (t ? { timestamp: iso(t.timestamp), status: t.status, runIds: t.runIds, error: t.error ?? null } : null);
      printJson({
        automations: rows.map((r) => ({ ...r, nextTickAt: iso(r.nextTickAt), lastTick: tickJson(r.lastTick) })),
        conditions: { ...conditions, lastTick: tickJson(conditions.lastTick) },
      });
      return 0;
    }
    if (rows.length === 0) print('No schedules or sensors are defined (add them with schedule(), sensor() in definitions({ schedules, sensors })).');
    else print(formatTable(['name', 'kind', 'when', 'target', 'status', 'next tick', 'last tick'], rows.map((r) => [r.name, r.kind, r.when, r.target, r.status, when(r.nextTickAt), tickText(r.lastTick)])));
    if (automated > 0) {
      const t = conditions.lastTick;
      print(`\nDeclarative conditions: ${automated} automated asset(s), ${conditions.status}; last evaluated ${t ? `${when(t.timestamp)} (${t.runIds.length} run(s) requested)` : 'never'}. Why: \`baton explain --automation <asset>\``);
    }
    return 0;
  } finally {
    await project.close();
  }
}
