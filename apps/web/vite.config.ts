import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** Baton's UI. `npm run dev -w @baton/web` proxies /graphql to a running `baton dev` on :3000. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // @baton/core from its sources (the "@baton/source" export condition): no build of it first
  resolve: { conditions: ['@baton/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000' } },
});
