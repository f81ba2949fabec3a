import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchBrowser } from './browser';
import { ensureUiBuilt } from './build-ui';
import { REPO, startBaton, type RunningServer } from './server';

/** Where the browser tests save their screenshots (gitignored). */
export const SCREENSHOTS = join(REPO, 'artifacts/screenshots');

/** Why the browser tests cannot run here (no Chromium, a project missing), or undefined when they can. */
export function browserTestSkipReason(...projects: string[]): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  const missing = projects.find((p) => !existsSync(p));
  return missing ? `${basename(missing)} is missing` : undefined;
}

/** A real `baton dev` on a fresh copy of a project, and one Chromium page on it that records page errors. */
export interface UiSession {
  readonly server: RunningServer;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors of the page, in order; tests assert it stays empty. */
  readonly pageErrors: string[];
  /** Saves artifacts/screenshots/<name>.png. */
  shot(name: string, options?: { fullPage?: boolean }): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Builds the UI if needed, starts `baton dev` on `project` and opens a page.
 *
 * @example
 * beforeAll(async () => { session = await openUiSession(EXAMPLE, { args: ['--workers', '1'] }); }, 180_000);
 * afterAll(() => session?.close(), 30_000);
 */
export async function openUiSession(project: string, options: { args?: readonly string[]; watch?: boolean; env?: Record<string, string> } = {}): Promise<UiSession> {
  ensureUiBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server = await startBaton(project, { ...(options.args ? { args: options.args } : {}), ...(options.watch ? { watch: true } : {}), ...(options.env ? { env: options.env } : {}) });
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    server,
    context: browser.context,
    page,
    pageErrors,
    shot: (name, shotOptions) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), ...shotOptions }),
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
