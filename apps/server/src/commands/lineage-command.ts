import type { Definitions } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { loadDefinitions } from '../project/load-definitions';
import { resolveProject } from '../project/resolve-project';

/**
 * `baton lineage <selection>`: the selected assets as a text tree from their roots down, each
 * child indented under its upstream (an asset reached twice is marked `(see above)`).
 *
 * @example
 * await lineageCommand({}, '+marts/revenue');
 */
export async function lineageCommand(globals: GlobalOptions, selection: string): Promise<number> {
  const { definitions } = await loadDefinitions(resolveProject(globals));
  const { selectAssetKeys } = await import('@baton/planner');
  const keys = selectAssetKeys(definitions, selection);
  const graph = definitions.graph;
  const selected = new Set(keys);
  if (globals.json) {
    printJson(keys.map((key) => ({ key, group: definitions.get(key).group ?? null, partitioned: definitions.get(key).partitions !== undefined, upstream: graph.parents(key).filter((p) => p !== key), downstream: graph.children(key).filter((c) => c !== key) })));
    return 0;
  }
  print(renderLineage(definitions, keys, selected).join('\n'));
  return 0;
}

function renderLineage(definitions: Definitions, keys: readonly string[], selected: ReadonlySet<string>): string[] {
  const graph = definitions.graph;
  const lines: string[] = [];
  const shown = new Set<string>();
  const label = (key: string) => {
    const def = definitions.get(key);
    const notes = [def.partitions ? `partitioned: ${def.partitions.kind}` : '', graph.hasSelfDependency(key) ? 'depends on its earlier partitions' : ''].filter(Boolean);
    return notes.length > 0 ? `${key} (${notes.join('; ')})` : key;
  };
  const visit = (key: string, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? '' : last ? '└─ ' : '├─ ';
    if (shown.has(key)) {
      lines.push(`${prefix}${branch}${key} (see above)`);
      return;
    }
    shown.add(key);
    lines.push(`${prefix}${branch}${label(key)}`);
    const children = graph.children(key).filter((c) => c !== key && selected.has(c));
    const next = root ? prefix : prefix + (last ? '   ' : '│  ');
    children.forEach((c, i) => visit(c, next, i === children.length - 1, false));
  };
  const roots = keys.filter((k) => !graph.parents(k).some((p) => p !== k && selected.has(p)));
  for (const root of roots) visit(root, '', true, true);
  return lines;
}
