import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import { InitConflictError } from './init-conflict-error';
import { initProject } from './init-project';
import { runCreateBaton } from './run-create-baton';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-init-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

describe('initProject', () => {
  it('writes the project files, depending on the Baton packages at its own version', () => {
    const dir = join(fresh(), 'My Shop');
    const result = initProject({ dir });
    expect(result.created).toEqual(['package.json', 'tsconfig.json', 'baton.config.ts', 'test/trailing-revenue.test.ts', '.gitignore']);
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.name).toBe('my-shop');
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.scripts)).toEqual(['dev', 'materialize', 'typecheck', 'test']);
    expect(pkg.dependencies['@baton/cli']).toBe(`^${manifest.version}`);
    expect(pkg.dependencies['@baton/core']).toBe(`^${manifest.version}`);
    expect(pkg.devDependencies['@baton/testing']).toBe(`^${manifest.version}`);
    expect(pkg.devDependencies.vitest).toBeDefined();
    expect(readJson(join(dir, 'tsconfig.json')).compilerOptions.strict).toBe(true);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^\.baton\/$/m);
    const config = readFileSync(join(dir, 'baton.config.ts'), 'utf8');
    expect(config).toMatch(/partitions: daily/);
    expect(config).toMatch(/mapping: timeWindowMapping/);
    expect(config).toMatch(/check\(\{/);
    expect(readFileSync(join(dir, 'test/trailing-revenue.test.ts'), 'utf8')).toMatch(/materializeToMemory/);
  });

  it('refuses to overwrite a file, names it, and writes nothing', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'baton.config.ts'), '// mine\n');
    let error: unknown;
    try {
      initProject({ dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InitConflictError);
    expect((error as InitConflictError).file).toBe(join(dir, 'baton.config.ts'));
    expect((error as Error).message).toMatch(/baton\.config\.ts already exists .*never overwrites/);
    expect(readFileSync(join(dir, 'baton.config.ts'), 'utf8')).toBe('// mine\n');
    expect(existsSync(join(dir, 'package.json'))).toBe(false);
    expect(existsSync(join(dir, 'tsconfig.json'))).toBe(false);
  });

  it('extends an existing package.json (as `npm install <tarballs>` writes it) and keeps its values', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { '@baton/cli': 'file:../t/baton-cli-0.1.0.tgz', '@baton/testing': 'file:../t/baton-testing-0.1.0.tgz' }, scripts: { lint: 'eslint .' } }));
    const result = initProject({ dir });
    expect(result.extendedPackageJson).toBe(true);
    expect(result.created).not.toContain('package.json');
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.type).toBe('module');
    expect(pkg.scripts.lint).toBe('eslint .');
    expect(pkg.scripts.dev).toBe('baton dev');
    expect(pkg.dependencies['@baton/cli']).toBe('file:../t/baton-cli-0.1.0.tgz');
    expect(pkg.dependencies['@baton/core']).toBe(`^${manifest.version}`);
    expect(pkg.devDependencies['@baton/testing']).toBeUndefined(); // already a dependency
    expect(pkg.devDependencies.typescript).toBeDefined();
  });

  it('refuses a package.json whose script of the same name runs something else', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'jest' } }));
    expect(() => initProject({ dir })).toThrow(/package\.json already has a "test" script \("jest"\)/);
    expect(existsSync(join(dir, 'baton.config.ts'))).toBe(false);
  });
});

describe('runCreateBaton', () => {
  const io = (cwd: string) => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { cwd, out: { write: (t: string) => out.push(t) }, err: { write: (t: string) => err.push(t) }, command: 'baton init' } };
  };

  it('scaffolds the folder it is given and says what to run next', async () => {
    const cwd = fresh();
    const { out, io: streams } = io(cwd);
    expect(await runCreateBaton(['shop'], streams)).toBe(0);
    expect(out.join('')).toMatch(/Created a Baton project in .*shop:\n  package\.json\n[\s\S]*cd shop\n  npm install\n/);
    expect(existsSync(join(cwd, 'shop', 'baton.config.ts'))).toBe(true);
  });

  it('exits 2 naming the file in the way', async () => {
    const cwd = fresh();
    mkdirSync(join(cwd, 'shop'));
    writeFileSync(join(cwd, 'shop', 'tsconfig.json'), '{}');
    const { err, io: streams } = io(cwd);
    expect(await runCreateBaton(['shop'], streams)).toBe(2);
    expect(err.join('')).toBe(`baton init: tsconfig.json already exists in ${join(cwd, 'shop')}; baton init never overwrites a file; move it away, or init another folder (baton init <dir>)\n`);
  });

  it('exits 2 on an unknown option', async () => {
    const { err, io: streams } = io(fresh());
    expect(await runCreateBaton(['--force'], streams)).toBe(2);
    expect(err.join('')).toMatch(/^baton init: unknown option --force; usage: baton init \[dir\]\n$/);
  });
});
