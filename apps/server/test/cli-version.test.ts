import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baton } from './baton-process';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };

describe('baton --version', () => {
  it("prints @baton/cli's version and exits 0, outside any project", async () => {
    for (const flag of ['--version', '-V']) {
      const r = await baton([flag], { cwd: import.meta.dirname });
      expect(r).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
    }
  });
});
