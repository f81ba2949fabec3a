import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>Baton</title></head><body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Baton is running</h1>
<p>The web UI is not built yet. Build it with <code>npm run build -w @baton/web</code> and reload this page.</p>
<p>The API is available at <a href="/graphql">/graphql</a>.</p></body></html>`;

/**
 * Serves the built web UI from `root` (apps/web/dist): files by path, `index.html` for any other
 * GET route (single-page app fallback), and a plain page saying how to build the UI when `root`
 * has no `index.html`.
 *
 * @example
 * const serve = serveStatic('/repo/apps/web/dist');
 * createServer((req, res) => serve(req, res));
 */
export function serveStatic(root: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = requestPath(req.url);
    if (path === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not a valid URL path (malformed %-escape or control character)\n');
      return;
    }
    const index = join(root, 'index.html');
    if (!existsSync(index)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
      return;
    }
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    let target = index;
    if (inside && isFile(file)) target = file;
    else if (extname(path) !== '' && !path.endsWith('.html')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Not found: ${path}`);
      return;
    }
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    const cache = target === index ? 'no-cache' : 'public, max-age=31536000, immutable';
    res.writeHead(200, { 'content-type': type, 'cache-control': cache });
    if (req.method === 'HEAD') res.end();
    else {
      // the file may vanish between stat and open (a rebuild): end the response, never the process
      createReadStream(target)
        .on('error', () => res.destroy())
        .pipe(res);
    }
  };
}

/** Whether `path` is a readable-looking regular file; names too long or unreadable are not. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * The decoded path of a request URL, or undefined when it cannot be a file path: a malformed
 * %-escape (`/%`, `/%E0%A4%A`, `/%ff.js`), a NUL or other control character, or an unparsable URL.
 *
 * @example
 * requestPath('/assets/a%20b.js'); // '/assets/a b.js'
 * requestPath('/%'); // undefined
 */
export function requestPath(url: string | undefined): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f]/.test(path) ? undefined : path;
}
