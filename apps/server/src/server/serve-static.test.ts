import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPath, serveStatic } from './serve-static';

/** GET with the path sent byte for byte (fetch would normalise it). */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveStatic on hostile paths', () => {
  let root: string;
  let server: Server;
  let port: number;
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'baton-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    process.on('uncaughtException', onCrash);
    const serve = serveStatic(root);
    server = createServer((req, res) => serve(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(root, { recursive: true, force: true });
  });

  it('answers malformed %-escapes and control characters with 400, and keeps serving', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%ff.js', '/%00', '/a%0Ab', '/%C0%AF']) {
      const res = await get(port, path);
      expect(res.status, path).toBe(400);
      expect(res.body).toContain('not a valid URL path');
    }
    expect(crashes).toEqual([]);
    expect((await get(port, '/assets/app.js')).body).toBe('console.log(1)');
    expect((await get(port, '/runs/r1')).body).toContain('id="root"');
  });

  it('never serves a file outside its root', async () => {
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd']) {
      const res = await get(port, path);
      expect(res.body, path).not.toContain('root:');
    }
    expect((await get(port, `/${'a'.repeat(5000)}.js`)).status).toBe(404);
    expect(crashes).toEqual([]);
  });

  it('requestPath decodes good paths and refuses the rest', () => {
    expect(requestPath('/assets/a%20b.js')).toBe('/assets/a b.js');
    expect(requestPath('/%')).toBeUndefined();
    expect(requestPath('/%E0%A4%A')).toBeUndefined();
    expect(requestPath('//')).toBeUndefined();
  });
});
