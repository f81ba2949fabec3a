import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Definitions } from '@baton/core';
import { compiledDefinitions, moduleExports } from '@baton/runner';
import { errorCode } from '../cli/exit-code';
import { DefinitionsLoadError } from './definitions-load-error';
import { registerTypeScript } from './register-typescript';
import type { ProjectLocation } from './resolve-project';

export interface LoadedDefinitions {
  readonly definitions: Definitions;
  /** Project source files the module imported (outside node_modules), for watching. */
  readonly files: readonly string[];
  /** The compiled module loaded (a file: URL under .baton/cache/), when the compile cache was used. */
  readonly modulePath?: string;
}

function isDefinitions(value: unknown): value is Definitions {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Definitions';
}

/**
 * Imports a project's definitions module (no build step) and returns the value of its default export
 * (or its `definitions` export). The first load imports the module compiled once into
 * `.baton/cache/definitions/` (reused while the project's files are unchanged: plain node, no
 * TypeScript loader), or goes through tsx when it cannot be compiled that way; it shares this
 * process's modules (one copy of @baton/core). With `fresh`, the module and everything it imports
 * are evaluated again in a new tsx namespace (how `baton dev` reloads after an edit).
 * Every failure becomes a DefinitionsLoadError naming the file and, when known, the asset.
 *
 * @example
 * const { definitions } = await loadDefinitions(resolveProject({}));
 * definitions.graph.keys // ['raw/orders', ...]
 */
export async function loadDefinitions(project: ProjectLocation, options: { fresh?: boolean } = {}): Promise<LoadedDefinitions> {
  const files = new Set<string>([project.defsPath]);
  let mod: Record<string, unknown>;
  let compiled;
  try {
    if (options.fresh) {
      const { tsImport } = await import('tsx/esm/api');
      mod = moduleExports(await tsImport(pathToFileURL(project.defsPath).href, {
        parentURL: import.meta.url,
        onImport: (url) => {
          if (url.startsWith('file:') && !url.includes('/node_modules/')) files.add(new URL(url).pathname);
        },
      })) as Record<string, unknown>;
    } else if ((compiled = await compiledDefinitions(project))) {
      process.setSourceMapsEnabled(true); // stack traces name the project's files and lines
      mod = moduleExports((await import(compiled.url)) as Record<string, unknown>);
      for (const file of compiled.files) files.add(file);
    } else {
      const seen = await registerTypeScript();
      mod = moduleExports((await import(pathToFileURL(project.defsPath).href)) as Record<string, unknown>);
      // files the global tsx hook saw: the project's own sources
      const roots = [project.dir, dirname(project.defsPath)].map((d) => (d.endsWith(sep) ? d : d + sep));
      for (const url of seen) {
        if (!url.startsWith('file:') || url.includes('/node_modules/')) continue;
        const path = fileURLToPath(url.split('?')[0]!);
        if (roots.some((r) => path.startsWith(r))) files.add(path);
      }
    }
  } catch (error) {
    throw wrapLoadError(error, project);
  }
  const candidate = isDefinitions(mod.default) ? mod.default : isDefinitions(mod.definitions) ? mod.definitions : undefined;
  if (!candidate) {
    const exported = Object.keys(mod).filter((k) => k !== '__esModule');
    throw new DefinitionsLoadError('INVALID_DEFINITION', `${project.defsLabel} exports no definitions (exports: ${exported.length > 0 ? exported.join(', ') : 'nothing'})`, {
      file: project.defsPath,
      hint: 'export the value of definitions(): `export default definitions({ assets: [...] })`',
    });
  }
  return { definitions: candidate, files: [...files], ...(compiled ? { modulePath: compiled.url } : {}) };
}

/** One line saying which file failed and why (syntax errors keep their line:column). */
function wrapLoadError(error: unknown, project: ProjectLocation): DefinitionsLoadError {
  const code = errorCode(error) ?? 'INVALID_DEFINITION';
  const raw = error instanceof Error ? error.message : String(error);
  const details = (error as { details?: Record<string, unknown> }).details ?? {};
  const hint = (error as { hint?: string }).hint;
  let message = firstUsefulLine(raw);
  // esbuild: "Transform failed with 1 error:\n/abs/file.ts:3:7: ERROR: Expected ..."
  const located = /([^\s:]+\.[cm]?[tj]sx?):(\d+):(\d+): ERROR: (.+)/.exec(raw);
  let file = project.defsPath;
  if (located) {
    file = located[1]!;
    message = `syntax error at ${file}:${located[2]}:${located[3]}: ${located[4]}`;
  } else if (error instanceof SyntaxError) {
    message = `syntax error: ${message}`;
  }
  const assetKey = typeof details.assetKey === 'string' ? details.assetKey : undefined;
  const where = assetKey && !message.includes(assetKey) ? ` (asset "${assetKey}")` : '';
  const text = `Cannot load definitions from ${project.defsLabel}: ${message}${where}`;
  return new DefinitionsLoadError(code, text, { file, details, cause: error, ...(hint && !message.includes(hint) ? { hint } : {}) });
}

function firstUsefulLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return lines[0] ?? text;
}
