// Part of the CLI package's build: copies the built web UI (apps/web/dist, built first by turbo
// because @baton/web is a devDependency) into dist/ui, where an installed `baton dev` serves it.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../web/dist', import.meta.url));
const to = fileURLToPath(new URL('../dist/ui', import.meta.url));
if (!existsSync(`${from}/index.html`)) {
  console.error(`@baton/cli: the web UI is not built (${from}/index.html is missing); run \`npm run build\` at the repository root`);
  process.exit(1);
}
cpSync(from, to, { recursive: true });
console.log('@baton/cli: copied the web UI into dist/ui');
